module example.com/runtime

go 1.26.0

require github.com/choragen/choragen v0.0.0

replace github.com/choragen/choragen => ../../../..
