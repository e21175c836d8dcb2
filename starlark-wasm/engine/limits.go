package engine

import (
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
		thread.Cancel(fmt.Sprintf("memory limit exceeded (limit %d bytes)", ls.maxMemoryBytes))
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
		return fmt.Errorf("memory limit exceeded (limit %d bytes)", ls.maxMemoryBytes)
	}
	return nil
}
