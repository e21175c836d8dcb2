package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// buildPredeclared converts the host's JSON values and adds loadFile and the
// requested Go-implemented globals. Values named in AsStruct become structs
// (input.ref rather than input["ref"]); nested objects stay dicts.
func (ev *evaluation) buildPredeclared() (starlark.StringDict, error) {
	predeclared := starlark.StringDict{}
	if len(ev.req.Predeclared) > 0 {
		dec := json.NewDecoder(bytes.NewReader(ev.req.Predeclared))
		dec.UseNumber()
		var raw map[string]any
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("predeclared: %v", err)
		}
		for name, value := range raw {
			v, err := fromJSON(value, slices.Contains(ev.req.AsStruct, name))
			if err != nil {
				return nil, fmt.Errorf("predeclared %s: %v", name, err)
			}
			predeclared[name] = v
		}
	}
	if ev.req.HasLoadFile {
		predeclared["loadFile"] = starlark.NewBuiltin("loadFile", ev.loadFile)
	}
	for _, name := range ev.req.GoGlobals {
		make, ok := goGlobals[name]
		if !ok {
			return nil, fmt.Errorf("unknown Go global %q", name)
		}
		predeclared[name] = make()
	}
	predeclared.Freeze()
	return predeclared, nil
}

// fromJSON converts a decoded JSON value. Integral numbers become ints, others floats.
func fromJSON(value any, asStruct bool) (starlark.Value, error) {
	switch v := value.(type) {
	case nil:
		return starlark.None, nil
	case bool:
		return starlark.Bool(v), nil
	case string:
		return starlark.String(v), nil
	case json.Number:
		if i, ok := new(bigIntParser).parse(string(v)); ok {
			return starlark.MakeBigInt(i), nil
		}
		f, err := v.Float64()
		if err != nil {
			return nil, err
		}
		return starlark.Float(f), nil
	case []any:
		elems := make([]starlark.Value, 0, len(v))
		for _, e := range v {
			sv, err := fromJSON(e, false)
			if err != nil {
				return nil, err
			}
			elems = append(elems, sv)
		}
		return starlark.NewList(elems), nil
	case map[string]any:
		return objectFromJSON(v, asStruct)
	}
	return nil, fmt.Errorf("unsupported JSON value %T", value)
}

func objectFromJSON(obj map[string]any, asStruct bool) (starlark.Value, error) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fields := starlark.StringDict{}
	dict := starlark.NewDict(len(obj))
	for _, k := range keys {
		sv, err := fromJSON(obj[k], false)
		if err != nil {
			return nil, err
		}
		fields[k] = sv
		if err := dict.SetKey(starlark.String(k), sv); err != nil {
			return nil, err
		}
	}
	if asStruct {
		return starlarkstruct.FromStringDict(starlarkstruct.Default, fields), nil
	}
	return dict, nil
}
