// Package builtins holds the modules a script can load by name
// (the host routes e.g. "builtin:///re" to the name "re") and the
// Go-implemented values a host may predeclare.
package builtins

import (
	"go.starlark.net/lib/json"
	"go.starlark.net/lib/math"
	"go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/starlarktest"
)

// Modules maps a builtin module name to the globals it exports. The first
// five match kube-ci's original builtin:/// modules: json, math and time
// export their members directly, re and encoding/yaml one struct each.
var Modules = map[string]func() starlark.StringDict{
	"encoding/json": func() starlark.StringDict { return json.Module.Members },
	"math":          func() starlark.StringDict { return math.Module.Members },
	"time":          func() starlark.StringDict { return time.Module.Members },
	"re":            func() starlark.StringDict { return starlark.StringDict{"re": ReModule} },
	"encoding/yaml": func() starlark.StringDict { return starlark.StringDict{"yaml": YAMLModule} },
	// The go.starlark.net lib modules as single values, as its own tests load them.
	"lib/json": func() starlark.StringDict { return starlark.StringDict{"json": json.Module} },
	"lib/math": func() starlark.StringDict { return starlark.StringDict{"math": math.Module} },
	"lib/time": func() starlark.StringDict { return starlark.StringDict{"time": time.Module} },
	// go.starlark.net's assert.star, for its conformance files.
	"starlarktest": loadAssert,
}

// Default is the set of modules enabled when the host does not choose.
var Default = []string{"encoding/json", "math", "time", "re", "encoding/yaml", "lib/json", "lib/math", "lib/time"}

func loadAssert() starlark.StringDict {
	globals, err := starlarktest.LoadAssertModule()
	if err != nil {
		panic(err) // assert.star is embedded in go.starlark.net; failing to run it is a build defect
	}
	return globals
}

// Globals maps names a host may predeclare to Go-implemented values.
// hasfields and fibonacci are the fixtures go.starlark.net's test harness predeclares.
var Globals = map[string]func() starlark.Value{
	"struct":    func() starlark.Value { return starlark.NewBuiltin("struct", starlarkstruct.Make) },
	"module":    func() starlark.Value { return starlark.NewBuiltin("module", starlarkstruct.MakeModule) },
	"hasfields": func() starlark.Value { return starlark.NewBuiltin("hasfields", newHasFields) },
	"fibonacci": func() starlark.Value { return fib{} },
}
