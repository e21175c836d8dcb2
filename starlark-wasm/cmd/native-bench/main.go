// Command native-bench evaluates a Starlark entry file with the same engine
// package the wasm build uses, natively, and prints timings as JSON. It is the
// baseline for bench/bench.ts.
//
//	native-bench -dir DIR -entry ci.star -n 200 -max-steps 100000000 -outputs workflow,text
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"kubeci/starlark-wasm/engine"
)

// dirHost resolves names relative to the loading module, "/" from the root
// of dir, and "builtin:///x" to builtin x: the same rules as the test host.
type dirHost struct{ dir string }

func (h dirHost) resolve(name, from string) string {
	if strings.HasPrefix(name, "/") {
		return path.Clean(name[1:])
	}
	return path.Join(path.Dir(from), name)
}

func (h dirHost) Load(module, from string) (engine.LoadResult, error) {
	if builtin, ok := strings.CutPrefix(module, "builtin:///"); ok {
		return engine.LoadResult{Builtin: builtin}, nil
	}
	name := h.resolve(module, from)
	source, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		return engine.LoadResult{}, err
	}
	return engine.LoadResult{Filename: name, Source: string(source)}, nil
}

func (h dirHost) LoadFile(name, from string) (*string, error) {
	data, err := os.ReadFile(filepath.Join(h.dir, h.resolve(name, from)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	contents := string(data)
	return &contents, err
}

func main() {
	dir := flag.String("dir", ".", "directory holding the scripts")
	entry := flag.String("entry", "ci.star", "entry file, relative to dir")
	runs := flag.Int("n", 100, "number of evaluations")
	maxSteps := flag.Uint64("max-steps", 100_000_000, "step budget per evaluation")
	outputs := flag.String("outputs", "", "comma-separated globals to convert (default: every global that converts)")
	flag.Parse()
	var outputNames []string
	if *outputs != "" {
		outputNames = strings.Split(*outputs, ",")
	}

	source, err := os.ReadFile(filepath.Join(*dir, *entry))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	samples := make([]float64, 0, *runs)
	var last *engine.Response
	for range *runs {
		req := &engine.Request{Filename: *entry, Source: string(source), MaxSteps: *maxSteps, HasLoadFile: true, Outputs: outputNames}
		started := time.Now()
		resp := engine.Evaluate(req, dirHost{*dir})
		samples = append(samples, float64(time.Since(started).Microseconds())/1000)
		if !resp.OK {
			fmt.Fprintf(os.Stderr, "evaluation failed: %s\n", resp.Error.Backtrace)
			os.Exit(1)
		}
		last = resp
	}
	// The last result too, so the benchmark can check that every engine computed the same.
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{"samplesMs": samples, "globals": last.Globals, "prints": last.Prints})
}
