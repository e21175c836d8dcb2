package engine

import (
	"errors"

	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// KindError is a failure whose kind (load, file-size, …) is decided where it
// happens rather than guessed from the message later.
type KindError struct {
	Kind string
	Msg  string
}

func (e *KindError) Error() string { return e.Msg }

// asKindError keeps a host-supplied kind and otherwise labels err with kind.
func asKindError(kind string, err error) error {
	var ke *KindError
	if errors.As(err, &ke) {
		return &KindError{Kind: ke.Kind, Msg: err.Error()}
	}
	return &KindError{Kind: kind, Msg: err.Error()}
}

// describe turns any evaluation error into an ErrorInfo located at the
// innermost position the user can act on: a failing load() is reported at the
// load statement, an error inside a loaded module inside that module.
func (ev *evaluation) describe(err error) *ErrorInfo {
	info := &ErrorInfo{Kind: "runtime", Message: err.Error(), File: ev.req.Filename}
	evalErr := innermostEvalError(err)
	if evalErr != nil {
		info.Message = evalErr.Msg
		info.Backtrace = evalErr.Backtrace()
		info.Stack = framesOf(evalErr.CallStack)
		locateInnermost(info)
	}
	var kindErr *KindError
	var syntaxErr syntax.Error
	var resolveErrs resolve.ErrorList
	switch {
	case ev.limits.stepsExceeded:
		info.Kind = "steps"
	case ev.limits.memoryExceeded:
		info.Kind = "memory"
	case errors.As(err, &kindErr):
		info.Kind = kindErr.Kind
	case errors.As(err, &syntaxErr):
		info.Kind = "syntax"
		setPosition(info, syntaxErr.Pos)
		info.Message = syntaxErr.Msg
	case errors.As(err, &resolveErrs) && len(resolveErrs) > 0:
		info.Kind = "syntax"
		setPosition(info, resolveErrs[0].Pos)
		info.Message = resolveErrs[0].Msg
	}
	if info.Backtrace == "" {
		info.Backtrace = err.Error()
	}
	return info
}

// innermostEvalError follows the wrap chain (load errors wrap the loaded
// module's error) and returns the deepest *starlark.EvalError.
func innermostEvalError(err error) *starlark.EvalError {
	var found *starlark.EvalError
	for e := err; e != nil; e = errors.Unwrap(e) {
		if evalErr, ok := e.(*starlark.EvalError); ok {
			found = evalErr
		}
	}
	return found
}

func framesOf(stack starlark.CallStack) []Frame {
	frames := make([]Frame, 0, len(stack))
	for _, fr := range stack {
		frames = append(frames, Frame{
			Name:   fr.Name,
			File:   fr.Pos.Filename(),
			Line:   int(fr.Pos.Line),
			Column: int(fr.Pos.Col),
		})
	}
	return frames
}

// locateInnermost points the error at the innermost frame with a real source
// position (built-in frames have none).
func locateInnermost(info *ErrorInfo) {
	for i := len(info.Stack) - 1; i >= 0; i-- {
		fr := info.Stack[i]
		if fr.Line > 0 && fr.File != "<builtin>" {
			info.File, info.Line, info.Column = fr.File, fr.Line, fr.Column
			return
		}
	}
}

func setPosition(info *ErrorInfo, pos syntax.Position) {
	info.File, info.Line, info.Column = pos.Filename(), int(pos.Line), int(pos.Col)
}
