module example.com/memory

go 1.26.0
