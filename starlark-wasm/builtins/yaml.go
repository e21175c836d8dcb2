package builtins

import (
	"fmt"
	"math/big"
	"strconv"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"gopkg.in/yaml.v3"
)

// YAMLModule mirrors qri-io/starlib's encoding/yaml (loads, dumps) over
// gopkg.in/yaml.v3. Mappings keep their order in both directions, so a
// workflow read with loads and written back keeps the author's layout.
var YAMLModule = starlarkstruct.FromStringDict(starlark.String("yaml"), starlark.StringDict{
	"loads": starlark.NewBuiltin("loads", yamlLoads),
	"dumps": starlark.NewBuiltin("dumps", yamlDumps),
})

func yamlLoads(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var source string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "source", &source); err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(source), &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return starlark.None, nil
	}
	return fromYAML(doc.Content[0], 0)
}

func fromYAML(node *yaml.Node, depth int) (starlark.Value, error) {
	if depth > 1000 {
		return nil, fmt.Errorf("yaml nested deeper than 1000 levels")
	}
	switch node.Kind {
	case yaml.AliasNode:
		return fromYAML(node.Alias, depth+1)
	case yaml.SequenceNode:
		elems := make([]starlark.Value, 0, len(node.Content))
		for _, child := range node.Content {
			v, err := fromYAML(child, depth+1)
			if err != nil {
				return nil, err
			}
			elems = append(elems, v)
		}
		return starlark.NewList(elems), nil
	case yaml.MappingNode:
		dict := starlark.NewDict(len(node.Content) / 2)
		for i := 0; i+1 < len(node.Content); i += 2 {
			key, err := fromYAML(node.Content[i], depth+1)
			if err != nil {
				return nil, err
			}
			value, err := fromYAML(node.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			if err := dict.SetKey(key, value); err != nil {
				return nil, err
			}
		}
		return dict, nil
	case yaml.ScalarNode:
		return scalarFromYAML(node)
	}
	return nil, fmt.Errorf("unsupported yaml node at line %d", node.Line)
}

func scalarFromYAML(node *yaml.Node) (starlark.Value, error) {
	switch node.ShortTag() {
	case "!!null":
		return starlark.None, nil
	case "!!bool":
		var b bool
		err := node.Decode(&b)
		return starlark.Bool(b), err
	case "!!int":
		if i, ok := new(big.Int).SetString(node.Value, 0); ok {
			return starlark.MakeBigInt(i), nil
		}
		var i int64
		err := node.Decode(&i)
		return starlark.MakeInt64(i), err
	case "!!float":
		var f float64
		err := node.Decode(&f)
		return starlark.Float(f), err
	}
	return starlark.String(node.Value), nil
}

func yamlDumps(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "obj", &obj); err != nil {
		return nil, err
	}
	node, err := toYAML(obj, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	out, err := yaml.Marshal(node)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	return starlark.String(out), nil
}

func toYAML(value starlark.Value, depth int) (*yaml.Node, error) {
	if depth > 1000 {
		return nil, fmt.Errorf("value nested deeper than 1000 levels")
	}
	scalar := func(tag, text string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text} }
	switch v := value.(type) {
	case starlark.NoneType:
		return scalar("!!null", "null"), nil
	case starlark.Bool:
		return scalar("!!bool", strconv.FormatBool(bool(v))), nil
	case starlark.Int:
		return scalar("!!int", v.String()), nil
	case starlark.Float:
		return scalar("!!float", strconv.FormatFloat(float64(v), 'g', -1, 64)), nil
	case starlark.String:
		return scalar("!!str", string(v)), nil
	case *starlark.Dict:
		node := &yaml.Node{Kind: yaml.MappingNode}
		for _, item := range v.Items() {
			if err := appendPair(node, item[0], item[1], depth); err != nil {
				return nil, err
			}
		}
		return node, nil
	case *starlarkstruct.Struct:
		node := &yaml.Node{Kind: yaml.MappingNode}
		for _, name := range v.AttrNames() {
			field, _ := v.Attr(name)
			if err := appendPair(node, starlark.String(name), field, depth); err != nil {
				return nil, err
			}
		}
		return node, nil
	case starlark.Indexable: // list, tuple
		node := &yaml.Node{Kind: yaml.SequenceNode}
		for i := 0; i < v.Len(); i++ {
			child, err := toYAML(v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			node.Content = append(node.Content, child)
		}
		return node, nil
	}
	return nil, fmt.Errorf("cannot convert %s to yaml", value.Type())
}

func appendPair(node *yaml.Node, key, value starlark.Value, depth int) error {
	keyNode, err := toYAML(key, depth+1)
	if err != nil {
		return err
	}
	valueNode, err := toYAML(value, depth+1)
	if err != nil {
		return err
	}
	node.Content = append(node.Content, keyNode, valueNode)
	return nil
}
