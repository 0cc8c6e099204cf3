package store

import "testing"

func BenchmarkDB_Get(b *testing.B)    {}
func BenchmarkDB_Len(b *testing.B)    {}
func BenchmarkList_Push(b *testing.B) {}
func BenchmarkList_Len(b *testing.B)  {}
func BenchmarkMap(b *testing.B)       {}
func BenchmarkPair_Put(b *testing.B)  {}
func BenchmarkLookup(b *testing.B)    {}
