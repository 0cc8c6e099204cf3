module example.com/heap

go 1.26.0

require github.com/choragen/choragen v0.0.0

require go.uber.org/goleak v1.3.0 // indirect

replace github.com/choragen/choragen => ../../../..
