-- wrk script for the mixed load run (benches/load.sh): search pages, record
-- pages, subject pages, tracking look-ups (form POSTs) and complaint
-- submissions (form POSTs), in proportions 40/25/20/10/5.
-- Env: PATHS_FILE (record and subject paths, one per line), TRACK_NUMBER,
-- TRACK_CODE (a real submission, so look-ups answer 200).
local searches = {
  "/search?q=%E5%98%89%E5%B3%AA%E5%85%B3",
  "/search?q=%E9%9B%84%E5%85%B3%E5%BB%BA%E8%AE%BE",
  "/search?q=%E5%98%89%E5%B3%AA%E9%97%9C",
  "/search?q=%E8%99%9A%E5%81%87%E5%AE%A3%E4%BC%A0",
  "/search?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8",
  "/search?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7&kind=blacklist",
  "/search?q=%E7%BD%9A%E6%AC%BE&sort=date",
  "/search?kind=penalty&from=2025-01-01&to=2025-12-31",
}
local records, subjects = {}, {}
local csrf = "0123456789abcdef0123456789abcdef"
local track_body

local function hex(n)
  local s = ""
  for _ = 1, n do s = s .. string.format("%x", math.random(0, 15)) end
  return s
end

function init(args)
  math.randomseed(os.time() + math.random(1, 100000))
  for line in io.lines(os.getenv("PATHS_FILE")) do
    if line:find("^/records/") then table.insert(records, line) else table.insert(subjects, line) end
  end
  track_body = "csrf=" .. csrf .. "&tracking_number=" .. os.getenv("TRACK_NUMBER") .. "&code=" .. os.getenv("TRACK_CODE")
end

local complaint = "&target_kind=enterprise&target_name=%E5%98%89%E5%B3%AA%E5%85%B3%E5%B8%82%E9%95%9C%E9%93%81%E9%A3%9F%E5%93%81%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"
  .. "&target_uscc=91320322MABLP2X24R&category=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8"
  .. "&description=%E8%AF%A5%E5%BA%97%E5%87%BA%E5%94%AE%E8%BF%87%E6%9C%9F%E9%A3%9F%E5%93%81%EF%BC%8C%E5%A4%9A%E6%AC%A1%E5%8F%8D%E6%98%A0%E6%9C%AA%E6%94%B9%E6%AD%A3%E3%80%82"
  .. "&contact_name=%E6%9D%8E%E5%9B%9B&phone=13912345678&email=&website="

request = function()
  local r = math.random(1, 100)
  if r <= 40 then
    return wrk.format("GET", searches[math.random(1, #searches)])
  elseif r <= 65 then
    return wrk.format("GET", records[math.random(1, #records)])
  elseif r <= 85 then
    return wrk.format("GET", subjects[math.random(1, #subjects)])
  elseif r <= 95 then
    return wrk.format("POST", "/track", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrf=" .. csrf,
    }, track_body)
  else
    local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
    return wrk.format("POST", "/complaints/new", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrf=" .. csrf,
      ["X-Forwarded-For"] = ip,
    }, "csrf=" .. csrf .. "&form_id=" .. hex(32) .. complaint)
  end
end
