module example.com/baddirective

go 1.26.0
