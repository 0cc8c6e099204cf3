package api_test

import (
	tst "testing"

	"example.com/shop/api"
)

func BenchmarkFetchUser(b *tst.B) {
	for b.Loop() {
		api.FetchUser("1")
	}
}

func BenchmarkListUsersPaged(b *tst.B) {
	for b.Loop() {
		api.ListUsers()
	}
}

func BenchmarkSearch(b *tst.B) {}
