module example.com/scaled

go 1.26
