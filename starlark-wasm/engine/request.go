// Package engine evaluates a Starlark entry file and its loads on one thread,
// with limits, a per-evaluation module cache and JSON in/out. It is platform
// neutral: cmd/engine wires it to JavaScript, cmd/native-bench to the file system.
package engine

import "encoding/json"

// Request is one evaluation, decoded from the JSON the TypeScript side sends.
type Request struct {
	Filename       string          `json:"filename"`
	Source         string          `json:"source"`
	Predeclared    json.RawMessage `json:"predeclared"`
	AsStruct       []string        `json:"asStruct"`
	Outputs        []string        `json:"outputs"` // nil: every global that converts
	MaxSteps       uint64          `json:"maxSteps"`
	MaxMemoryBytes uint64          `json:"maxMemoryBytes"`
	Options        FileOptions     `json:"options"`
	Builtins       []string        `json:"builtins"`  // nil: DefaultBuiltins
	GoGlobals      []string        `json:"goGlobals"` // Go-implemented predeclared values
	HasLoadFile    bool            `json:"hasLoadFile"`
	// Output caps; 0 means the defaults of output_caps.go.
	MaxPrintBytes int `json:"maxPrintBytes"`
	MaxPrintLines int `json:"maxPrintLines"`
	MaxErrorBytes int `json:"maxErrorBytes"`
}

// FileOptions mirrors syntax.FileOptions, the dialect switches of go.starlark.net.
type FileOptions struct {
	Set               bool `json:"set"`
	While             bool `json:"while"`
	TopLevelControl   bool `json:"topLevelControl"`
	GlobalReassign    bool `json:"globalReassign"`
	LoadBindsGlobally bool `json:"loadBindsGlobally"`
	Recursion         bool `json:"recursion"`
}

// Response is the evaluation outcome, encoded back to JSON.
type Response struct {
	OK      bool            `json:"ok"`
	Globals json.RawMessage `json:"globals,omitempty"`
	Prints  []string        `json:"prints"`
	Error   *ErrorInfo      `json:"error,omitempty"`
	Steps   uint64          `json:"steps"`
}

// ErrorInfo locates a failure in the user's sources.
type ErrorInfo struct {
	Kind      string  `json:"kind"`
	Message   string  `json:"message"`
	File      string  `json:"file"`
	Line      int     `json:"line"`
	Column    int     `json:"column"`
	Backtrace string  `json:"backtrace"`
	Stack     []Frame `json:"stack"`
}

// Frame is one entry of the Starlark call stack, outermost first.
type Frame struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// LoadResult is what the host returns for load(): a source file or a builtin module name.
type LoadResult struct {
	Filename string
	Source   string
	Builtin  string
}

// Host supplies modules and files. Calls block until the host answers.
type Host interface {
	Load(module, fromModule string) (LoadResult, error)
	// LoadFile returns nil when the file does not exist.
	LoadFile(name, fromModule string) (*string, error)
}
