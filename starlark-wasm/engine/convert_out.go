package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// maxDepth bounds nesting so a self-referencing list fails cleanly instead of
// overflowing a stack on either side of the wasm boundary.
const maxDepth = 1000

// maxSafeInt is 2^53: larger ints cannot round-trip through a JavaScript number.
const maxSafeInt = 1 << 53

// valuePath names where a value sits (workflow.spec.templates[0].foo) for
// error messages. It is built only when a conversion fails: formatting a path
// for every value cost more than the conversion itself.
type valuePath struct {
	parent  *valuePath
	key     string // a dict key or struct field, or the global's name at the root
	index   int    // a list or tuple index when isIndex
	isIndex bool
}

func (p *valuePath) String() string {
	if p.parent == nil {
		return p.key
	}
	if p.isIndex {
		return p.parent.String() + "[" + strconv.Itoa(p.index) + "]"
	}
	return childPath(p.parent.String(), p.key)
}

// convertGlobals encodes the named globals as one JSON object, in order.
// With outputs == nil every global is tried and those that cannot be
// represented (functions, modules, …) are left out.
func convertGlobals(globals starlark.StringDict, outputs []string) (json.RawMessage, error) {
	names, lenient := outputs, outputs == nil
	if lenient {
		names = globals.Keys()
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for _, name := range names {
		value, ok := globals[name]
		if !ok {
			continue
		}
		var item bytes.Buffer
		if err := writeJSON(&item, value, &valuePath{key: name}, 0); err != nil {
			if lenient {
				continue
			}
			return nil, err
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		writeString(&buf, name)
		buf.WriteByte(':')
		buf.Write(item.Bytes())
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, value starlark.Value, path *valuePath, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested deeper than %d levels", path, maxDepth)
	}
	switch v := value.(type) {
	case starlark.NoneType:
		buf.WriteString("null")
	case starlark.Bool:
		buf.WriteString(strconv.FormatBool(bool(v)))
	case starlark.String:
		writeString(buf, string(v))
	case starlark.Int:
		i, ok := v.Int64()
		if !ok || i > maxSafeInt || i < -maxSafeInt {
			return fmt.Errorf("%s: int %s is outside ±2^53 and cannot be represented exactly in JSON; convert it with str()", path, v)
		}
		buf.WriteString(strconv.FormatInt(i, 10))
	case starlark.Float:
		f := float64(v)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%s: cannot convert float %s to JSON", path, v)
		}
		buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	case *starlark.Dict:
		return writeDict(buf, v, path, depth)
	case *starlark.List:
		return writeSequence(buf, v, path, depth)
	case starlark.Tuple:
		return writeSequence(buf, v, path, depth)
	case *starlarkstruct.Struct:
		return writeStruct(buf, v, path, depth)
	default:
		return fmt.Errorf("%s: cannot convert %s", path, value.Type())
	}
	return nil
}

func writeDict(buf *bytes.Buffer, d *starlark.Dict, path *valuePath, depth int) error {
	buf.WriteByte('{')
	for i, item := range d.Items() {
		key, ok := item[0].(starlark.String)
		if !ok {
			return fmt.Errorf("%s: dict key %s is a %s; JSON object keys must be strings", path, item[0], item[0].Type())
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, string(key))
		buf.WriteByte(':')
		if err := writeJSON(buf, item[1], &valuePath{parent: path, key: string(key)}, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func writeSequence(buf *bytes.Buffer, seq starlark.Indexable, path *valuePath, depth int) error {
	buf.WriteByte('[')
	for i := 0; i < seq.Len(); i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := writeJSON(buf, seq.Index(i), &valuePath{parent: path, index: i, isIndex: true}, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte(']')
	return nil
}

func writeStruct(buf *bytes.Buffer, s *starlarkstruct.Struct, path *valuePath, depth int) error {
	buf.WriteByte('{')
	for i, name := range s.AttrNames() {
		if i > 0 {
			buf.WriteByte(',')
		}
		field, err := s.Attr(name)
		if err != nil {
			return err
		}
		writeString(buf, name)
		buf.WriteByte(':')
		if err := writeJSON(buf, field, &valuePath{parent: path, key: name}, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func childPath(path, key string) string {
	if isIdentifier(key) {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// isIdentifier matches ^[A-Za-z_][A-Za-z0-9_]*$.
func isIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// writeString writes s exactly as json.Marshal would. Most strings are
// printable ASCII that encoding/json copies unchanged; those are written
// directly, skipping its allocation and reflection, and the rest go through it.
func writeString(buf *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			encoded, _ := json.Marshal(s) // cannot fail for a string
			buf.Write(encoded)
			return
		}
	}
	buf.WriteByte('"')
	buf.WriteString(s)
	buf.WriteByte('"')
}
