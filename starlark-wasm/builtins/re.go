package builtins

import (
	"fmt"
	"regexp"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// ReModule follows the shape of qri-io/starlib's re (not on the Go module
// proxy, so reimplemented over Go's regexp): match returns every match as a
// tuple of groups, search the first one or None, findall and split tuples of
// strings, sub a string. Patterns use Go RE2 syntax; flags are accepted and
// ignored, as in starlib.
var ReModule = starlarkstruct.FromStringDict(starlark.String("re"), starlark.StringDict{
	"compile": starlark.NewBuiltin("compile", reCompile),
	"match":   patternFunc("match", reMatch),
	"search":  patternFunc("search", reSearch),
	"findall": patternFunc("findall", reFindall),
	"split":   patternFunc("split", reSplit),
	"sub":     patternFunc("sub", reSub),
})

type reOp func(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// patternFunc adapts an operation to the module-level form op(pattern, …).
func patternFunc(name string, op reOp) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, fmt.Errorf("%s: missing argument for pattern", name)
		}
		pattern, ok := starlark.AsString(args[0])
		if !ok {
			return nil, fmt.Errorf("%s: pattern must be a string, got %s", name, args[0].Type())
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return op(name, re, args[1:], kwargs)
	})
}

func reCompile(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern string
	var flags int
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern, "flags?", &flags); err != nil {
		return nil, err
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("compile: %v", err)
	}
	methods := starlark.StringDict{}
	for name, op := range map[string]reOp{"match": reMatch, "search": reSearch, "findall": reFindall, "split": reSplit, "sub": reSub} {
		methods[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return op(name, re, args, kwargs)
		})
	}
	methods["pattern"] = starlark.String(pattern)
	return starlarkstruct.FromStringDict(starlark.String("pattern"), methods), nil
}

func reMatch(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	var flags int
	if err := starlark.UnpackArgs(name, args, kwargs, "text", &text, "flags?", &flags); err != nil {
		return nil, err
	}
	matches := starlark.NewList(nil)
	for _, groups := range re.FindAllStringSubmatch(text, -1) {
		_ = matches.Append(stringTuple(groups))
	}
	return matches, nil
}

func reSearch(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	var flags int
	if err := starlark.UnpackArgs(name, args, kwargs, "text", &text, "flags?", &flags); err != nil {
		return nil, err
	}
	groups := re.FindStringSubmatch(text)
	if groups == nil {
		return starlark.None, nil
	}
	return stringTuple(groups), nil
}

func reFindall(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	var flags int
	if err := starlark.UnpackArgs(name, args, kwargs, "text", &text, "flags?", &flags); err != nil {
		return nil, err
	}
	return stringTuple(re.FindAllString(text, -1)), nil
}

func reSplit(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	var maxSplit, flags int
	if err := starlark.UnpackArgs(name, args, kwargs, "text", &text, "maxsplit?", &maxSplit, "flags?", &flags); err != nil {
		return nil, err
	}
	parts := -1
	if maxSplit > 0 {
		parts = maxSplit + 1
	}
	return stringTuple(re.Split(text, parts)), nil
}

func reSub(name string, re *regexp.Regexp, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var repl, text string
	var count, flags int
	if err := starlark.UnpackArgs(name, args, kwargs, "repl", &repl, "text", &text, "count?", &count, "flags?", &flags); err != nil {
		return nil, err
	}
	if count <= 0 {
		return starlark.String(re.ReplaceAllString(text, repl)), nil
	}
	var out []byte
	last := 0
	for _, loc := range re.FindAllStringSubmatchIndex(text, count) {
		out = append(out, text[last:loc[0]]...)
		out = re.ExpandString(out, repl, text, loc)
		last = loc[1]
	}
	return starlark.String(string(out) + text[last:]), nil
}

func stringTuple(strs []string) starlark.Tuple {
	tuple := make(starlark.Tuple, len(strs))
	for i, s := range strs {
		tuple[i] = starlark.String(s)
	}
	return tuple
}
