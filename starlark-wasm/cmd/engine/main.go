//go:build js && wasm

// Command engine is the WebAssembly entry point. It registers
// globalThis.starlarkEvaluate(requestJSON, host, source?) → Promise<responseJSON> and
// then blocks forever so the instance can serve many evaluations.
package main

import (
	"encoding/json"
	"runtime/debug"
	"syscall/js"
	// js/wasm has no zoneinfo on disk; embed it so time.in_location works.
	_ "time/tzdata"

	"kubeci/starlark-wasm/engine"
)

func main() {
	// Collect less often: a garbage collection in single-threaded wasm stops
	// the script, and heap size is bounded by the engine's own memory check.
	debug.SetGCPercent(400)
	js.Global().Set("starlarkEvaluate", js.FuncOf(evaluate))
	js.Global().Get("starlarkReady").Invoke()
	select {}
}

// evaluate returns a Promise and runs the evaluation in a goroutine: host
// callbacks are async JavaScript functions, and a goroutine can block on them
// (jsHost.await) while the JavaScript event loop keeps running.
func evaluate(_ js.Value, args []js.Value) any {
	requestJSON, host := args[0].String(), args[1]
	// The entry source comes as its own string: decoding it from JSON would scan and unquote it byte by byte.
	source, hasSource := "", len(args) > 2 && args[2].Type() == js.TypeString
	if hasSource {
		source = args[2].String()
	}
	return newPromise(func(resolve func(string)) {
		var req engine.Request
		var resp *engine.Response
		if err := json.Unmarshal([]byte(requestJSON), &req); err != nil {
			resp = &engine.Response{Prints: []string{}, Error: &engine.ErrorInfo{
				Kind: "crash", Message: "bad request: " + err.Error(), Stack: []engine.Frame{},
			}}
		} else {
			if hasSource {
				req.Source = source
			}
			resp = engine.Evaluate(&req, jsHost{host})
		}
		out, err := encodeResponse(resp)
		if err != nil {
			out = []byte(`{"ok":false,"prints":[],"error":{"kind":"crash","message":"cannot encode response","file":"","line":0,"column":0,"backtrace":"","stack":[]}}`)
		}
		resolve(string(out))
	})
}

func newPromise(run func(resolve func(string))) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolveFn := args[0]
		executor.Release()
		go run(func(s string) { resolveFn.Invoke(s) })
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// encodeResponse is json.Marshal(resp) without re-reading the globals: they
// are JSON already (engine.convertGlobals), and encoding/json would scan and
// compact a json.RawMessage byte by byte. They are spliced in as the second
// field, where json.Marshal puts them.
func encodeResponse(resp *engine.Response) ([]byte, error) {
	globals := resp.Globals
	if len(globals) == 0 {
		return json.Marshal(resp)
	}
	rest := *resp
	rest.Globals = nil
	tail, err := json.Marshal(&rest) // {"ok":…,"prints":…}
	if err != nil {
		return nil, err
	}
	ok, _ := json.Marshal(resp.OK)
	head := len(`{"ok":`) + len(ok) // tail continues with ,"prints":…
	out := make([]byte, 0, len(tail)+len(globals)+len(`,"globals":`))
	out = append(out, tail[:head]...)
	out = append(out, `,"globals":`...)
	out = append(out, globals...)
	return append(out, tail[head:]...), nil
}
