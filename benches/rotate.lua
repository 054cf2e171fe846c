-- wrk script of benches/load.sh and benches/load_mixed.sh: the URLs are the lines of
-- the file named by LOAD_PATHS; each wrk thread walks the list from a different
-- point, one URL per request.
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
