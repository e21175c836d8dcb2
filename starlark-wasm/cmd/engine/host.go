//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"kubeci/starlark-wasm/engine"
)

// jsHost calls the worker's host object, whose load/loadAll/loadFile return
// Promises. load resolves to {filename, source} | {builtin}; loadFile to a
// string or null; either rejects with {message, kind?}.
type jsHost struct{ host js.Value }

func (h jsHost) Load(module, fromModule string) (engine.LoadResult, error) {
	value, err := await(h.host.Call("load", module, fromModule))
	if err != nil {
		return engine.LoadResult{}, err
	}
	return loadResult(value), nil
}

// LoadAll makes one host call for all of a module's loads (engine.BatchHost); it resolves to one
// answer per module: {filename, source} | {builtin} | {error: {message, kind?}} | {deferred: true}.
func (h jsHost) LoadAll(modules []string, fromModule string) []engine.LoadOutcome {
	if h.host.Get("loadAll").Type() != js.TypeFunction {
		return nil // a host without it: every module deferred, each asks for itself
	}
	names := make([]any, len(modules))
	for i, module := range modules {
		names[i] = module
	}
	value, err := await(h.host.Call("loadAll", names, fromModule))
	if err != nil {
		return nil // every module deferred: each asks for itself
	}
	outcomes := make([]engine.LoadOutcome, min(value.Length(), len(modules)))
	for i := range outcomes {
		answer := value.Index(i)
		switch {
		case answer.Get("deferred").Truthy():
			outcomes[i].Deferred = true
		case answer.Get("error").Type() == js.TypeObject:
			outcomes[i].Err = hostError(answer.Get("error"))
		default:
			outcomes[i].Result = loadResult(answer)
		}
	}
	return outcomes
}

func loadResult(value js.Value) engine.LoadResult {
	if builtin := value.Get("builtin"); builtin.Type() == js.TypeString {
		return engine.LoadResult{Builtin: builtin.String()}
	}
	return engine.LoadResult{Filename: value.Get("filename").String(), Source: value.Get("source").String()}
}

func (h jsHost) LoadFile(name, fromModule string) (*string, error) {
	value, err := await(h.host.Call("loadFile", name, fromModule))
	if err != nil {
		return nil, err
	}
	if value.Type() != js.TypeString {
		return nil, nil
	}
	contents := value.String()
	return &contents, nil
}

// await blocks this goroutine until the promise settles.
func await(promise js.Value) (js.Value, error) {
	type settled struct {
		value js.Value
		err   error
	}
	done := make(chan settled, 1)
	onFulfilled := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{value: args[0]}
		return nil
	})
	onRejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- settled{err: hostError(args[0])}
		return nil
	})
	defer onFulfilled.Release()
	defer onRejected.Release()
	promise.Call("then", onFulfilled, onRejected)
	result := <-done
	return result.value, result.err
}

func hostError(reason js.Value) error {
	message := reason.Get("message")
	if message.Type() != js.TypeString {
		return errors.New(reason.Call("toString").String())
	}
	if kind := reason.Get("kind"); kind.Type() == js.TypeString {
		return &engine.KindError{Kind: kind.String(), Msg: message.String()}
	}
	return errors.New(message.String())
}
