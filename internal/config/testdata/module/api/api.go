package api

func FetchUser(id string) string { return id }
