package analysis

// growth is how a library call's cost (or how often it calls a function
// it is given) grows with the size of one of its arguments.
type growth int

const (
	gConst growth = iota
	gLog
	gLinear
	gNLogN
)

func (g growth) power() power {
	switch g {
	case gLog:
		return power{log: 1}
	case gLinear:
		return power{deg: 1}
	case gNLogN:
		return power{deg: 1, log: 1}
	}
	return power{}
}

// A libFunc is what the analysis knows of a standard library function:
// its cost in the size of argument Size, and how often it calls the
// function passed as argument Callback (-1: none).
type libFunc struct {
	Size     int
	Cost     growth
	Callback int
	Calls    growth
}

// library is the cost of the standard library functions that take a
// collection. A function not listed costs O(1), and so do the strings
// and bytes functions on one string (strings.Contains, EqualFold, Index,
// ToLower): they are linear in that string's length, which is rarely the
// n a benchmark varies, and counting them would make every loop over
// names quadratic.
var library = map[string]libFunc{
	"sort.Slice":            {0, gNLogN, 1, gNLogN},
	"sort.SliceStable":      {0, gNLogN, 1, gNLogN},
	"sort.Sort":             {0, gNLogN, -1, 0},
	"sort.Stable":           {0, gNLogN, -1, 0},
	"sort.Strings":          {0, gNLogN, -1, 0},
	"sort.Ints":             {0, gNLogN, -1, 0},
	"sort.Float64s":         {0, gNLogN, -1, 0},
	"sort.Search":           {0, gLog, 1, gLog},
	"sort.Find":             {0, gLog, 1, gLog},
	"sort.SearchInts":       {0, gLog, -1, 0},
	"sort.SearchStrings":    {0, gLog, -1, 0},
	"sort.SearchFloat64s":   {0, gLog, -1, 0},
	"sort.IsSorted":         {0, gLinear, -1, 0},
	"sort.SliceIsSorted":    {0, gLinear, 1, gLinear},
	"sort.IntsAreSorted":    {0, gLinear, -1, 0},
	"sort.StringsAreSorted": {0, gLinear, -1, 0},

	"slices.Sort":             {0, gNLogN, -1, 0},
	"slices.SortFunc":         {0, gNLogN, 1, gNLogN},
	"slices.SortStableFunc":   {0, gNLogN, 1, gNLogN},
	"slices.Sorted":           {0, gNLogN, -1, 0},
	"slices.SortedFunc":       {0, gNLogN, 1, gNLogN},
	"slices.SortedStableFunc": {0, gNLogN, 1, gNLogN},
	"slices.BinarySearch":     {0, gLog, -1, 0},
	"slices.BinarySearchFunc": {0, gLog, 2, gLog},
	"slices.Contains":         {0, gLinear, -1, 0},
	"slices.ContainsFunc":     {0, gLinear, 1, gLinear},
	"slices.Index":            {0, gLinear, -1, 0},
	"slices.IndexFunc":        {0, gLinear, 1, gLinear},
	"slices.Equal":            {0, gLinear, -1, 0},
	"slices.EqualFunc":        {0, gLinear, 2, gLinear},
	"slices.Compare":          {0, gLinear, -1, 0},
	"slices.CompareFunc":      {0, gLinear, 2, gLinear},
	"slices.Reverse":          {0, gLinear, -1, 0},
	"slices.Max":              {0, gLinear, -1, 0},
	"slices.MaxFunc":          {0, gLinear, 1, gLinear},
	"slices.Min":              {0, gLinear, -1, 0},
	"slices.MinFunc":          {0, gLinear, 1, gLinear},
	"slices.Clone":            {0, gLinear, -1, 0},
	"slices.Compact":          {0, gLinear, -1, 0},
	"slices.CompactFunc":      {0, gLinear, 1, gLinear},
	"slices.Insert":           {0, gLinear, -1, 0},
	"slices.Delete":           {0, gLinear, -1, 0},
	"slices.DeleteFunc":       {0, gLinear, 1, gLinear},
	"slices.Replace":          {0, gLinear, -1, 0},
	"slices.IsSorted":         {0, gLinear, -1, 0},
	"slices.IsSortedFunc":     {0, gLinear, 1, gLinear},
	"slices.Collect":          {0, gLinear, -1, 0},
	"slices.AppendSeq":        {1, gLinear, -1, 0},

	"maps.Clone":      {0, gLinear, -1, 0},
	"maps.Copy":       {1, gLinear, -1, 0},
	"maps.Equal":      {0, gLinear, -1, 0},
	"maps.EqualFunc":  {0, gLinear, 2, gLinear},
	"maps.DeleteFunc": {0, gLinear, 1, gLinear},
	"maps.Collect":    {0, gLinear, -1, 0},
	"maps.Insert":     {1, gLinear, -1, 0},

	"strings.Join": {0, gLinear, -1, 0},
	"bytes.Join":   {0, gLinear, -1, 0},

	"container/heap.Init":   {0, gLinear, -1, 0},
	"container/heap.Push":   {0, gLog, -1, 0},
	"container/heap.Pop":    {0, gLog, -1, 0},
	"container/heap.Remove": {0, gLog, -1, 0},
	"container/heap.Fix":    {0, gLog, -1, 0},
}

// sizeOf lists the library functions whose result is as large as one of
// their arguments (by index): ranging over the result is ranging over
// the input.
var sizeOf = map[string]int{
	"slices.Clone": 0, "slices.Compact": 0, "slices.CompactFunc": 0, "slices.Clip": 0,
	"slices.Grow": 0, "slices.Insert": 0, "slices.Delete": 0, "slices.DeleteFunc": 0,
	"slices.Replace": 0, "slices.Collect": 0, "slices.Sorted": 0, "slices.SortedFunc": 0,
	"slices.SortedStableFunc": 0, "slices.Values": 0, "slices.All": 0, "slices.Backward": 0,
	"slices.AppendSeq": 1,
	"maps.Clone":       0, "maps.Keys": 0, "maps.Values": 0, "maps.All": 0, "maps.Collect": 0,
	"strings.Fields": 0, "strings.FieldsFunc": 0, "strings.Split": 0, "strings.SplitN": 0,
	"strings.SplitAfter": 0, "strings.SplitAfterN": 0, "strings.FieldsSeq": 0,
	"strings.FieldsFuncSeq": 0, "strings.SplitSeq": 0, "strings.SplitAfterSeq": 0,
	"strings.Lines": 0, "strings.ToLower": 0, "strings.ToUpper": 0, "strings.TrimSpace": 0,
	"strings.Clone": 0,
	"bytes.Fields":  0, "bytes.FieldsFunc": 0, "bytes.Split": 0, "bytes.SplitN": 0,
	"bytes.SplitAfter": 0, "bytes.SplitAfterN": 0, "bytes.FieldsSeq": 0,
	"bytes.FieldsFuncSeq": 0, "bytes.SplitSeq": 0, "bytes.SplitAfterSeq": 0,
	"bytes.Lines": 0, "bytes.ToLower": 0, "bytes.ToUpper": 0, "bytes.TrimSpace": 0,
	"bytes.Clone": 0,
}
