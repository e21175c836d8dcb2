//go:build wasm

// This file is added to go.starlark.net by build.sh for the wasm build only (the folder's leading
// underscore keeps it out of `go build ./...`). It is int_posix64.go's representation with a fixed
// address range instead of an mmap: go.starlark.net falls back to int_generic.go on js/wasm, where an
// Int is a two-word struct, so every Int stored in a Value (every loop index, every arithmetic result)
// is a heap allocation (runtime.convT), ≈ 13 % of the CPU-bound benchmark's time. Here an Int is one
// pointer, and Int-to-Value conversion does not allocate, as on native 64-bit Linux.
//
// Why a pointer above 4 GiB is safe on GOARCH=wasm: linear memory is at most 4 GiB (wasm32), so
// [4 GiB, 8 GiB) is never a valid address; the runtime has no L1 arena map there (arenaL1Bits = 0) and
// its arena index is not masked, so spanOf/heapArenaOf return nil and the garbage collector ignores
// the value (runtime/mheap.go), as it ignores pointers into mmap'd memory on native; stack copying
// adjusts only pointers into the old stack. Such a pointer is never dereferenced: Int.get tells the two
// arms apart by range first.
package starlark

import (
	"math"
	"math/big"
	"unsafe"
)

// intImpl is a *big.Int, or an address in [smallints, smallints+2^32) standing for an int32.
type intImpl unsafe.Pointer

// smallints is the base of the range that represents int32 values: the first address past wasm32's memory.
const smallints = uintptr(1) << 32

// get returns the (small, big) arms of the union.
func (i Int) get() (int64, *big.Int) {
	if ptr := uintptr(i.impl); ptr >= smallints && ptr < smallints+1<<32 {
		return math.MinInt32 + int64(ptr-smallints), nil
	}
	return 0, (*big.Int)(i.impl)
}

// Precondition: math.MinInt32 <= x && x <= math.MaxInt32
func makeSmallInt(x int64) Int {
	return Int{intImpl(uintptr(x-math.MinInt32) + smallints)}
}

// Precondition: x cannot be represented as int32.
func makeBigInt(x *big.Int) Int { return Int{intImpl(x)} }
