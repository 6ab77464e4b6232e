-- API registration POSTs (POST /api/v1/webinars/<id>/registrations, the token in the Authorization
-- header given on the command line) with a new e-mail address on every request, so each one registers.
-- Argument after "--": the run's id.
dofile("bench/wrk/report.lua")

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  -- The same arguments serve every run of a URL (warm-up, then two measured runs): the start time
  -- (each run lasts a second or more) keeps the addresses of one run from repeating the last one's
  -- (the API answers an address registered already with 409).
  run_id = args[1] .. "-" .. os.time()
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  local body = '{"email": "post-api-' .. run_id .. "-" .. thread_number .. "-" .. sent .. '@example.org",'
    .. ' "first_name": "Charge", "last_name": "Essai", "consent_obtained": true, "send_confirmation": true}'
  return wrk.format(nil, nil, nil, body)
end
