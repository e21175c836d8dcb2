//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"kubeci/starlark-wasm/engine"
)

// jsHost calls the worker's host object, whose load/loadFile return Promises.
// load resolves to {filename, source} | {builtin}; loadFile to a string or
// null; either rejects with {message, kind?}.
type jsHost struct{ host js.Value }

func (h jsHost) Load(module, fromModule string) (engine.LoadResult, error) {
	value, err := await(h.host.Call("load", module, fromModule))
	if err != nil {
		return engine.LoadResult{}, err
	}
	if builtin := value.Get("builtin"); builtin.Type() == js.TypeString {
		return engine.LoadResult{Builtin: builtin.String()}, nil
	}
	return engine.LoadResult{Filename: value.Get("filename").String(), Source: value.Get("source").String()}, nil
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
