package engine

import (
	"container/list"
	"sort"
	"strings"
	"sync"

	"go.starlark.net/starlark"
)

// Compiled programs are kept between evaluations: parsing, resolving and
// compiling a 300-line ci.star and its modules costs more than running it, and
// a service evaluates the same files again and again (every push of a
// repository whose .kube-ci/ did not change). A compiled program is immutable;
// each execution gets fresh globals from Program.Init, so reuse changes
// nothing a script can see. The cache is bounded by the source text it holds
// (the compiled form is a few times larger) and dropped when a memory check
// finds the heap over a script's limit, so it never fails an evaluation.
const (
	programCacheBytes   = 4 << 20 // sum of cached sources' lengths
	programCacheEntries = 1024
)

// programKey is everything compilation depends on: the file's name (it is in
// every position), its text, the dialect, and which names are predeclared (the
// resolver binds those differently from universal names and globals).
type programKey struct {
	filename    string
	source      string
	options     FileOptions
	predeclared string // sorted names, NUL-separated
}

type programCache struct {
	mu      sync.Mutex
	entries map[programKey]*list.Element // value: *cachedProgram
	order   *list.List                   // most recently used first
	bytes   int
}

type cachedProgram struct {
	key     programKey
	program *starlark.Program
}

var programs = &programCache{entries: map[programKey]*list.Element{}, order: list.New()}

// execFile is starlark.ExecFileOptions with the compilation step cached.
func (ev *evaluation) execFile(thread *starlark.Thread, filename, source string) (starlark.StringDict, error) {
	key := programKey{filename: filename, source: source, options: ev.req.Options, predeclared: ev.predeclaredNames}
	program := programs.get(key)
	// A program already running in this evaluation (an entry file that loads itself) is compiled afresh:
	// Starlark would take a second run of the same compiled code for recursion, not for a load cycle.
	if program == nil || ev.running[program] {
		var err error
		if _, program, err = starlark.SourceProgramOptions(ev.opts, filename, source, ev.predeclared.Has); err != nil {
			return nil, err
		}
		programs.put(key, program)
	}
	if ev.running == nil {
		ev.running = map[*starlark.Program]bool{}
	}
	ev.running[program] = true
	defer delete(ev.running, program)
	// Load statements run only while this program's top level runs, so the top of the stack is theirs.
	ev.prefetched = append(ev.prefetched, ev.prefetchLoads(program, filename))
	defer func() { ev.prefetched = ev.prefetched[:len(ev.prefetched)-1] }()
	globals, err := program.Init(thread, ev.predeclared)
	globals.Freeze()
	return globals, err
}

func namesKey(predeclared starlark.StringDict) string {
	names := make([]string, 0, len(predeclared))
	for name := range predeclared {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, "\x00")
}

func (c *programCache) get(key programKey) *starlark.Program {
	c.mu.Lock()
	defer c.mu.Unlock()
	element, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(element)
	return element.Value.(*cachedProgram).program
}

func (c *programCache) put(key programKey, program *starlark.Program) {
	size := len(key.source)
	if size > programCacheBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return
	}
	c.entries[key] = c.order.PushFront(&cachedProgram{key: key, program: program})
	c.bytes += size
	for c.bytes > programCacheBytes || c.order.Len() > programCacheEntries {
		oldest := c.order.Back()
		entry := oldest.Value.(*cachedProgram)
		c.order.Remove(oldest)
		delete(c.entries, entry.key)
		c.bytes -= len(entry.key.source)
	}
}

// clear drops every cached program; it reports whether there was any.
func (c *programCache) clear() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	had := c.order.Len() > 0
	c.entries = map[programKey]*list.Element{}
	c.order.Init()
	c.bytes = 0
	return had
}
