package engine

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarktest"
)

// assertPrintPrefix marks print lines that come from assert.error in the
// starlarktest builtin module: failed assertions that, as in go.starlark.net's
// own test harness, are reported without stopping the script.
const assertPrintPrefix = "starlarktest error: "

type printReporter struct{ ev *evaluation }

func (r printReporter) Error(args ...any) {
	r.ev.prints.add(assertPrintPrefix + fmt.Sprint(args...))
}

func setTestReporter(thread *starlark.Thread, ev *evaluation) {
	starlarktest.SetReporter(thread, printReporter{ev})
}
