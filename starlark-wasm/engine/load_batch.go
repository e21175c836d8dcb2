package engine

import "go.starlark.net/starlark"

// A module's load statements are known once it is compiled (Program.Load), before any of them runs.
// In the wasm build every host call is a round trip between the engine's worker thread and the thread
// that owns the host, and on a busy machine each wake-up waits for a core: asking once per module
// instead of once per load statement cuts the 300-line benchmark's crossings from four to two.

// BatchHost is a Host that can answer all load statements of a module in one call.
type BatchHost interface {
	Host
	// LoadAll answers modules[i] (the load statements of fromModule, in order, without repeats) in
	// outcomes[i]. The host asks for them in order and stops at the first failure: the modules after it
	// are Deferred, and asked for with Load if the script reaches them, so a module an earlier failure
	// keeps the script from reaching is not read, as when each load asks for itself.
	LoadAll(modules []string, fromModule string) []LoadOutcome
}

// LoadOutcome is the host's answer for one module of a LoadAll call.
type LoadOutcome struct {
	Result   LoadResult
	Err      error
	Deferred bool
}

// prefetchLoads asks a BatchHost for every module program loads, when it loads more than one; the
// answers are used, in place of a Load call each, while program runs (ev.load).
func (ev *evaluation) prefetchLoads(program *starlark.Program, filename string) map[string]LoadOutcome {
	batch, ok := ev.host.(BatchHost)
	if !ok || program.NumLoads() < 2 {
		return nil
	}
	modules := make([]string, 0, program.NumLoads())
	seen := make(map[string]bool, program.NumLoads())
	for i := range program.NumLoads() {
		module, _ := program.Load(i)
		if !seen[module] {
			seen[module] = true
			modules = append(modules, module)
		}
	}
	outcomes := batch.LoadAll(modules, filename)
	answers := make(map[string]LoadOutcome, len(modules))
	for i, module := range modules {
		if i < len(outcomes) && !outcomes[i].Deferred {
			answers[module] = outcomes[i]
		}
	}
	return answers
}

// resolveLoad is the host's answer for module, loaded by the module now running: prefetched, or asked now.
func (ev *evaluation) resolveLoad(module, from string) (LoadResult, error) {
	if n := len(ev.prefetched); n > 0 {
		if outcome, ok := ev.prefetched[n-1][module]; ok {
			return outcome.Result, outcome.Err
		}
	}
	return ev.host.Load(module, from)
}
