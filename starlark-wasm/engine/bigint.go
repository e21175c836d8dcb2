package engine

import (
	"math/big"
	"strings"
)

// bigIntParser recognises JSON numbers written as integers ("42", "-7"),
// which become Starlark ints; "4.0" and "1e3" stay floats.
type bigIntParser struct{}

func (bigIntParser) parse(s string) (*big.Int, bool) {
	if strings.ContainsAny(s, ".eE") {
		return nil, false
	}
	return new(big.Int).SetString(s, 10)
}
