-- wrk script: each wrk thread has one connection and its own applications, and walks each of
-- them round the review loop submitted/resubmitted -> under_review -> returned -> resubmitted,
-- sending the expected_version it knows. A thread's requests are strictly sequential, so the
-- response always belongs to the last request sent.
-- usage: wrk -t N -c N -s actions.lua URL -- REVIEWER_TOKEN CLERK_TOKEN CASES N [PREFIX]
-- (PREFIX: the path before the case id, /api/v1/rehab-applications/ by default) [LIMIT]
-- (CASES: id:state:version,... as they are when the run starts)
-- (LIMIT: each thread stops after that many answers)

-- state -> action, the state it leads to, who acts (r: reviewer, c: intake clerk), body extras
local NEXT = {
  submitted = {"start_review", "under_review", "r", ""},
  resubmitted = {"start_review", "under_review", "r", ""},
  under_review = {"return_for_correction", "returned", "r", ', "reason": "请补充诊断证明"'},
  returned = {"resubmit", "resubmitted", "c", ', "payload": {"diagnosis": "已补充"}'},
}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function init(args)
  local all = {}
  for id, state, version in string.gmatch(args[3], "(%d+):([%a_]+):(%d+)") do
    table.insert(all, {id = tonumber(id), state = state, version = tonumber(version)})
  end
  apps, nxt = {}, 1
  local share = math.floor(#all / tonumber(args[4]))
  for k = 1, share do table.insert(apps, all[index * share + k]) end
  headers = {
    r = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1]},
    c = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2]},
  }
  failures = 0
  prefix = args[5] or "/api/v1/rehab-applications/"
end

function request()
  current = apps[nxt]
  nxt = nxt % #apps + 1
  local step = NEXT[current.state]
  local body = string.format('{"expected_version": %d%s}', current.version, step[4])
  local path = prefix .. current.id .. "/actions/" .. step[1]
  return wrk.format("POST", path, headers[step[3]], body)
end

function response(status, headers, body)
  if status == 200 then
    current.state = NEXT[current.state][2]
    current.version = current.version + 1
  else
    failures = failures + 1
    if failures <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end
