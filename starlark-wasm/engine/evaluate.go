package engine

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// evaluation is the state of one Evaluate call: the single thread every module
// runs on (so one step budget covers the whole load graph and backtraces cross
// module boundaries), the module cache and the load stack used for cycle detection.
type evaluation struct {
	req         *Request
	host        Host
	thread      *starlark.Thread
	opts        *syntax.FileOptions
	predeclared starlark.StringDict
	// predeclaredNames keys the program cache (program_cache.go)
	predeclaredNames string
	running          map[*starlark.Program]bool // programs executing now, outermost included
	builtins         map[string]bool
	cache            map[string]*moduleEntry
	loading          []string // resolved filenames currently executing, outermost first
	// prefetched holds, per module executing now (outermost first), the answers of its loads (load_batch.go)
	prefetched []map[string]LoadOutcome
	prints     *printLog
	limits     *limitState
}

type moduleEntry struct {
	globals starlark.StringDict
	err     error
	done    bool
}

// Evaluate runs req.Source as req.Filename and converts the requested globals to JSON.
func Evaluate(req *Request, host Host) *Response {
	collectLeftovers()
	ev := &evaluation{req: req, host: host, cache: map[string]*moduleEntry{}, opts: req.Options.syntax()}
	ev.builtins = enabledBuiltins(req.Builtins)
	ev.prints = newPrintLog(req.MaxPrintBytes, req.MaxPrintLines)
	ev.thread = &starlark.Thread{
		Name:  req.Filename,
		Load:  ev.load,
		Print: func(_ *starlark.Thread, msg string) { ev.prints.add(msg) },
	}
	ev.limits = installLimits(ev.thread, req.MaxSteps, req.MaxMemoryBytes)
	setTestReporter(ev.thread, ev)

	predeclared, err := ev.buildPredeclared()
	if err != nil {
		return ev.fail(&ErrorInfo{Kind: "conversion", Message: err.Error(), File: req.Filename})
	}
	ev.predeclared = predeclared
	ev.predeclaredNames = namesKey(predeclared)

	ev.loading = []string{req.Filename}
	globals, err := ev.execFile(ev.thread, req.Filename, req.Source)
	if err == nil {
		err = ev.limits.finalCheck()
	}
	if err != nil {
		return ev.fail(ev.describe(err))
	}
	out, convErr := convertGlobals(globals, req.Outputs)
	if convErr != nil {
		return ev.fail(&ErrorInfo{Kind: "conversion", Message: convErr.Error(), File: req.Filename})
	}
	return &Response{OK: true, Globals: out, Prints: ev.prints.output(), Steps: ev.thread.ExecutionSteps()}
}

func (ev *evaluation) fail(info *ErrorInfo) *Response {
	if info.Stack == nil {
		info.Stack = []Frame{}
	}
	capError(info, ev.req.MaxErrorBytes)
	return &Response{OK: false, Error: info, Prints: ev.prints.output(), Steps: ev.thread.ExecutionSteps()}
}

// load implements starlark.Thread.Load: ask the host to resolve the module,
// then serve it from the per-evaluation cache or execute it on this thread.
func (ev *evaluation) load(thread *starlark.Thread, module string) (starlark.StringDict, error) {
	from := ev.loading[len(ev.loading)-1]
	resolved, err := ev.resolveLoad(module, from)
	if err != nil {
		return nil, asKindError("load", err)
	}
	if resolved.Builtin != "" {
		return ev.builtinModule(resolved.Builtin)
	}
	key := resolved.Filename
	if entry, ok := ev.cache[key]; ok {
		if !entry.done {
			return nil, &KindError{Kind: "load", Msg: "cycle in load graph: " + ev.cyclePath(key)}
		}
		return entry.globals, entry.err
	}
	entry := &moduleEntry{}
	ev.cache[key] = entry
	ev.loading = append(ev.loading, key)
	entry.globals, entry.err = ev.execFile(thread, key, resolved.Source)
	ev.loading = ev.loading[:len(ev.loading)-1]
	entry.done = true
	return entry.globals, entry.err
}

func (ev *evaluation) cyclePath(key string) string {
	start := 0
	for i, name := range ev.loading {
		if name == key {
			start = i
			break
		}
	}
	return strings.Join(append(append([]string{}, ev.loading[start:]...), key), " -> ")
}

func (ev *evaluation) builtinModule(name string) (starlark.StringDict, error) {
	if !ev.builtins[name] {
		return nil, &KindError{Kind: "load", Msg: fmt.Sprintf("unknown builtin module, %s", name)}
	}
	return builtinRegistry[name](), nil
}

func (o FileOptions) syntax() *syntax.FileOptions {
	return &syntax.FileOptions{
		Set:               o.Set,
		While:             o.While,
		TopLevelControl:   o.TopLevelControl,
		GlobalReassign:    o.GlobalReassign,
		LoadBindsGlobally: o.LoadBindsGlobally,
		Recursion:         o.Recursion,
	}
}
