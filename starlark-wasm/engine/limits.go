package engine

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"

	"go.starlark.net/starlark"
)

// memoryCheckInterval is how many steps run between two heap checks. Reading
// the heap size is cheap (runtime/metrics), but not free.
const memoryCheckInterval = 200_000

// limitState records which limit stopped the thread, so the error can be
// classified exactly instead of by parsing "Starlark computation cancelled".
type limitState struct {
	maxSteps       uint64
	maxMemoryBytes uint64
	stepsExceeded  bool
	memoryExceeded bool
	sample         []metrics.Sample
}

// installLimits bounds the thread's steps and, by checking every
// memoryCheckInterval steps, its heap. js/wasm has no preemption, so these
// checks inside the interpreter loop are the only way to stop a busy script
// from within; the wall-clock deadline is enforced by terminating the worker.
func installLimits(thread *starlark.Thread, maxSteps, maxMemoryBytes uint64) *limitState {
	ls := &limitState{
		maxSteps:       maxSteps,
		maxMemoryBytes: maxMemoryBytes,
		sample:         []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}},
	}
	if ls.maxSteps == 0 {
		ls.maxSteps = ^uint64(0)
	}
	thread.OnMaxSteps = ls.onCheckpoint
	thread.SetMaxExecutionSteps(ls.nextCheckpoint(0))
	return ls
}

func (ls *limitState) nextCheckpoint(steps uint64) uint64 {
	if ls.maxMemoryBytes == 0 || ls.maxSteps-steps <= memoryCheckInterval {
		return ls.maxSteps
	}
	return steps + memoryCheckInterval
}

func (ls *limitState) onCheckpoint(thread *starlark.Thread) {
	steps := thread.ExecutionSteps()
	if steps >= ls.maxSteps {
		ls.stepsExceeded = true
		thread.Cancel(fmt.Sprintf("too many steps (limit %d)", ls.maxSteps))
		return
	}
	if ls.overMemory() {
		ls.memoryExceeded = true
		thread.Cancel(ls.memoryMessage())
		return
	}
	thread.SetMaxExecutionSteps(ls.nextCheckpoint(steps))
}

// overMemory reports whether live heap objects exceed the limit. Garbage
// counts until collected, so a reading over the limit is confirmed after a GC.
func (ls *limitState) overMemory() bool {
	if ls.maxMemoryBytes == 0 {
		return false
	}
	if ls.heapBytes() <= ls.maxMemoryBytes {
		return false
	}
	runtime.GC()
	if ls.heapBytes() <= ls.maxMemoryBytes {
		return false
	}
	// Compiled programs kept for later evaluations are not the script's data.
	if !programs.clear() {
		return true
	}
	runtime.GC()
	return ls.heapBytes() > ls.maxMemoryBytes
}

func (ls *limitState) heapBytes() uint64 {
	metrics.Read(ls.sample)
	return ls.sample[0].Value.Uint64()
}

// finalCheck catches a script that allocated past the limit in its last few
// steps (one step can build a very large string or list).
func (ls *limitState) finalCheck() error {
	if ls.overMemory() {
		ls.memoryExceeded = true
		return errors.New(ls.memoryMessage())
	}
	return nil
}

func (ls *limitState) memoryMessage() string {
	return fmt.Sprintf("memory limit exceeded: the script's live data grew past the limit of %s", formatBytes(ls.maxMemoryBytes))
}

// formatBytes writes a size the way the settings are written: 256 MiB, 512 KiB, or bytes.
func formatBytes(n uint64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// leftoverHeapBytes is the heap size above which an evaluation starts with a
// collection. Everything of the previous evaluation is garbage by then, but
// with a high GC percent it may not have been collected, and garbage counts
// against the WebAssembly memory cap: a script's first large allocation should
// not fail for what an earlier script left behind. Below it, skipping the
// collection keeps small evaluations fast.
const leftoverHeapBytes = 64 << 20

func collectLeftovers() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Uint64() > leftoverHeapBytes {
		runtime.GC()
	}
}
