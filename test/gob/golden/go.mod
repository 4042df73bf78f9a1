module openim-nest-server/test/gob/golden

go 1.19
