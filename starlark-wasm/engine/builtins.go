package engine

import (
	"kubeci/starlark-wasm/builtins"
)

var builtinRegistry = builtins.Modules

var goGlobals = builtins.Globals

// enabledBuiltins returns the set of loadable builtin module names.
func enabledBuiltins(names []string) map[string]bool {
	if names == nil {
		names = builtins.Default
	}
	enabled := make(map[string]bool, len(names))
	for _, name := range names {
		if _, ok := builtinRegistry[name]; ok {
			enabled[name] = true
		}
	}
	return enabled
}
