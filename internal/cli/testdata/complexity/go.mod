module example.com/complexity

go 1.26.0
