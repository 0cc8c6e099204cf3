module example.com/latency

go 1.26.0
