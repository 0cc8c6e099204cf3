package accuracy

import (
	"container/heap"
	"fmt"
	"slices"
	"testing"
)

// Sinks keep the compiler from dropping the measured calls.
var (
	sinkInt  int
	sinkU64  uint64
	sinkBool bool
	sinkAny  any
)

// Size lists as a user would write them: decades, doublings, or steps of 4.
var (
	decades    = []int{1_000, 10_000, 100_000, 1_000_000}
	quadruples = []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20}
)

func name(n int) string { return fmt.Sprintf("n=%d", n) }

// ---- O(1) ----

func BenchmarkMapLookup(b *testing.B) {
	for _, n := range decades {
		m := BuildMap(n)
		keys := Shuffled(n, 1)
		b.Run(name(n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				sinkInt += MapLookup(m, keys[i])
				if i++; i == n {
					i = 0
				}
			}
		})
	}
}

func BenchmarkRandomAccess(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 13, 1 << 16, 1 << 19, 1 << 22} {
		s := Shuffled(n, 2)
		b.Run(name(n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				i = RandomAccess(s, i) // the next index comes from the data: a dependent load
			}
			sinkInt += i
		})
	}
}

func BenchmarkPeek(b *testing.B) {
	for _, n := range []int{10, 100, 1_000, 10_000, 100_000} {
		s := make([]int, n)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += Peek(s)
			}
		})
	}
}

func BenchmarkRingRotate(b *testing.B) {
	for _, n := range []int{16, 256, 4096, 65536} {
		r := NewRing(n)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += r.Rotate()
			}
		})
	}
}

// ---- O(log n) ----

func BenchmarkBinarySearch(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 13, 1 << 16, 1 << 19, 1 << 22} {
		s := make([]int, n)
		for i := range s {
			s[i] = 2 * i
		}
		keys := Shuffled(n, 3)
		b.Run(name(n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				sinkInt += BinarySearch(s, 2*keys[i])
				if i++; i == n {
					i = 0
				}
			}
		})
	}
}

func BenchmarkHalvings(b *testing.B) {
	for _, n := range []int{16, 256, 4096, 65536, 1 << 20} {
		b.Run(name(n), func(b *testing.B) {
			x := n
			for b.Loop() {
				sinkInt += Halvings(x)
			}
		})
	}
}

func BenchmarkHeapPushPop(b *testing.B) {
	for _, n := range decades {
		h := make(IntHeap, n, n+1) // room for the push: no growth in the loop
		copy(h, Shuffled(n, 4))
		heap.Init(&h)
		b.Run(name(n), func(b *testing.B) {
			var r rng = 5
			for b.Loop() {
				sinkInt += HeapPushPop(&h, int(r.next()%uint64(n)))
			}
		})
	}
}

func BenchmarkModPow(b *testing.B) {
	for _, n := range []int{1 << 4, 1 << 8, 1 << 16, 1 << 32, 1 << 48} {
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkU64 += ModPow(3, uint64(n)-1, 1_000_000_007)
			}
		})
	}
}

func BenchmarkTreeLookup(b *testing.B) {
	for _, n := range decades {
		t := BuildTree(n)
		keys := Shuffled(n, 6)
		b.Run(name(n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				sinkBool = TreeLookup(t, keys[i])
				if i++; i == n {
					i = 0
				}
			}
		})
	}
}

// ---- O(n) ----

func BenchmarkSum(b *testing.B) {
	for _, n := range decades {
		s := Shuffled(n, 7)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += Sum(s)
			}
		})
	}
}

func BenchmarkMapRange(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		m := BuildMap(n)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += MapRange(m)
			}
		})
	}
}

func BenchmarkListWalk(b *testing.B) {
	for _, n := range quadruples {
		l := BuildShuffledList(n)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += ListWalk(l)
			}
		})
	}
}

func BenchmarkBuildList(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000, 100_000} {
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAny = BuildList(n)
			}
		})
	}
}

func BenchmarkFNV1a(b *testing.B) {
	for _, n := range []int{64, 512, 4096, 32768, 262144} {
		buf := make([]byte, n)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkU64 += FNV1a(buf)
			}
		})
	}
}

func BenchmarkCountDistinct(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		s := Shuffled(n, 8)
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkInt += CountDistinct(s)
			}
		})
	}
}

// ---- O(n log n) ----

func BenchmarkSortCopy(b *testing.B) {
	for _, n := range []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18} {
		s := Shuffled(n, 9)
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAny = SortCopy(s)
			}
		})
	}
}

func BenchmarkMergeSort(b *testing.B) {
	for _, n := range []int{1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16} {
		s := Shuffled(n, 10)
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAny = MergeSort(s)
			}
		})
	}
}

func BenchmarkHeapSort(b *testing.B) {
	for _, n := range []int{1_000, 4_000, 16_000, 64_000} {
		s := Shuffled(n, 11)
		b.Run(name(n), func(b *testing.B) {
			h := make(IntHeap, 0, n)
			for b.Loop() {
				sinkAny = HeapSort(s, &h)
			}
		})
	}
}

// ---- O(n^2) ----

func BenchmarkInsertionSort(b *testing.B) {
	for _, n := range []int{100, 200, 400, 800, 1600, 3200} {
		rev := make([]int, n)
		for i := range rev {
			rev[i] = n - i
		}
		b.Run(name(n), func(b *testing.B) {
			s := make([]int, n)
			for b.Loop() {
				copy(s, rev)
				InsertionSort(s)
			}
			sinkInt += s[0]
		})
	}
}

func BenchmarkClosePairs(b *testing.B) {
	for _, n := range []int{128, 256, 512, 1024, 2048} {
		s := Shuffled(n, 12)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += ClosePairs(s, 3)
			}
		})
	}
}

func BenchmarkEditDistance(b *testing.B) {
	for _, n := range []int{50, 100, 200, 400, 800} {
		x, y := make([]byte, n), make([]byte, n)
		for i := range n {
			x[i], y[i] = byte('a'+i%7), byte('a'+i%5)
		}
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkInt += EditDistance(x, y)
			}
		})
	}
}

// ---- O(n^3) ----

func BenchmarkMatMul(b *testing.B) {
	for _, n := range []int{16, 32, 64, 128, 256} {
		a, c, d := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
		for i := range a {
			a[i], c[i] = float64(i%13), float64(i%7)
		}
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				MatMul(a, c, d, n)
			}
			sinkAny = d
		})
	}
}

func BenchmarkFloydWarshall(b *testing.B) {
	for _, n := range []int{20, 40, 80, 160} {
		g := make([][]int32, n)
		for i := range g {
			g[i] = make([]int32, n)
			for j := range g[i] {
				g[i][j] = int32((i*31+j*17)%97 + 1)
			}
		}
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			d := make([][]int32, n)
			for i := range d {
				d[i] = make([]int32, n)
			}
			for b.Loop() {
				for i := range g {
					copy(d[i], g[i])
				}
				FloydWarshall(d)
			}
			sinkAny = d
		})
	}
}

func BenchmarkZeroTriples(b *testing.B) {
	for _, n := range []int{25, 50, 100, 200} {
		s := Shuffled(n, 13)
		for i := range s {
			s[i] -= n / 2
		}
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += ZeroTriples(s)
			}
		})
	}
}

// ---- O(2^n) ----

func BenchmarkSubsetSums(b *testing.B) {
	for _, n := range []int{3, 6, 9, 12, 15, 18, 21, 24} {
		s := Shuffled(n, 14)
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += SubsetSums(s, n)
			}
		})
	}
}

func BenchmarkFib(b *testing.B) {
	for _, n := range []int{4, 8, 12, 16, 20, 24, 28, 32} {
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				sinkInt += Fib(n)
			}
		})
	}
}

func BenchmarkHanoi(b *testing.B) {
	for _, n := range []int{3, 6, 9, 12, 15, 18, 21, 24} {
		b.Run(name(n), func(b *testing.B) {
			for b.Loop() {
				moves := 0
				Hanoi(n, 0, 2, 1, &moves)
				sinkInt += moves
			}
		})
	}
}

func BenchmarkPowerSet(b *testing.B) {
	for _, n := range []int{2, 4, 6, 8, 10, 12, 14, 16} {
		s := Shuffled(n, 15)
		b.Run(name(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAny = PowerSet(s)
			}
		})
	}
}

// TestFunctions checks that the fixtures compute what they claim, so that
// the accuracy suite measures working code.
func TestFunctions(t *testing.T) {
	s := Shuffled(100, 1)
	if got := SortCopy(s); !slices.IsSorted(got) {
		t.Errorf("SortCopy not sorted")
	}
	if got := MergeSort(s); !slices.IsSorted(got) || len(got) != 100 {
		t.Errorf("MergeSort not sorted")
	}
	var h IntHeap
	if got := HeapSort(s, &h); !slices.IsSorted(got) || len(got) != 100 {
		t.Errorf("HeapSort not sorted")
	}
	c := slices.Clone(s)
	InsertionSort(c)
	if !slices.IsSorted(c) {
		t.Errorf("InsertionSort not sorted")
	}
	if got, want := Halvings(1024), 11; got != want {
		t.Errorf("Halvings(1024) = %d, want %d", got, want)
	}
	if got, want := ModPow(3, 10, 1000), uint64(49); got != want {
		t.Errorf("ModPow = %d, want %d", got, want)
	}
	if got, want := Fib(20), 6765; got != want {
		t.Errorf("Fib(20) = %d, want %d", got, want)
	}
	moves := 0
	Hanoi(10, 0, 2, 1, &moves)
	if got, want := moves, 1023; got != want {
		t.Errorf("Hanoi moves = %d, want %d", got, want)
	}
	if got, want := len(PowerSet([]int{1, 2, 3, 4})), 16; got != want {
		t.Errorf("PowerSet size = %d, want %d", got, want)
	}
	if got, want := SubsetSums([]int{1, 2, 3}, 3), 2; got != want {
		t.Errorf("SubsetSums = %d, want %d", got, want)
	}
	if got, want := EditDistance([]byte("kitten"), []byte("sitting")), 3; got != want {
		t.Errorf("EditDistance = %d, want %d", got, want)
	}
	tree := BuildTree(1000)
	if !TreeLookup(tree, 999) || TreeLookup(tree, 1000) {
		t.Errorf("TreeLookup wrong")
	}
	if got, want := ListWalk(BuildShuffledList(10)), 45; got != want {
		t.Errorf("ListWalk = %d, want %d", got, want)
	}
	if got, want := CountDistinct([]int{1, 1, 2}), 2; got != want {
		t.Errorf("CountDistinct = %d, want %d", got, want)
	}
	if got, want := ZeroTriples([]int{-1, 0, 1, 2, -2}), 2; got != want {
		t.Errorf("ZeroTriples = %d, want %d", got, want)
	}
}
