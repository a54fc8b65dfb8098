module example.com/keywarden-example

go 1.21
