package engine

import (
	"fmt"

	"go.starlark.net/starlark"
)

// loadFile(name, error_on_notfound=True) returns a file's contents as a string.
// The name is resolved by the host relative to the file whose code makes the
// call (the caller's frame), so a helper in lib/x.star reads lib/ files.
func (ev *evaluation) loadFile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	errorOnNotFound := true
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &name, "error_on_notfound?", &errorOnNotFound); err != nil {
		return nil, err
	}
	from := ev.loading[len(ev.loading)-1]
	if thread.CallStackDepth() > 1 {
		from = thread.CallFrame(1).Pos.Filename()
	}
	contents, err := ev.host.LoadFile(name, from)
	if err != nil {
		return nil, asKindError("load", fmt.Errorf("could not open file %s: %w", name, err))
	}
	if contents == nil {
		if errorOnNotFound {
			return nil, &KindError{Kind: "load", Msg: fmt.Sprintf("file %s not found", name)}
		}
		return starlark.None, nil
	}
	return starlark.String(*contents), nil
}
