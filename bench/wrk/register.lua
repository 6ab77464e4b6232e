-- Registration POSTs: the CSRF token of the session passed in the Cookie header, and a new
-- e-mail address on every request (post-<run>-<thread>-<n>@example.org), so each one registers.
-- Arguments after "--": the CSRF token, then the run's id.
dofile("bench/wrk/report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  csrf_token = args[1]
  -- The same arguments serve every run of a URL (warm-up, then two measured runs): the start time
  -- (each run lasts a second or more) keeps the addresses of one run from repeating the last one's.
  run_id = args[2] .. "-" .. os.time()
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  sent = sent + 1
  local body = "csrf_token=" .. csrf_token
    .. "&email=post-" .. run_id .. "-" .. thread_number .. "-" .. sent .. "%40example.org"
    .. "&first_name=Charge&last_name=Essai&affiliation=Entreprise+Atlas+1&job_title=Analyste"
    .. "&country=MA&city=Casablanca&consent=y"
  return wrk.format(nil, nil, nil, body)
end
