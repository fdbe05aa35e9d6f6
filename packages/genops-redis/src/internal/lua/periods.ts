/**
 * @internal Lua: UTC period ids, a port of the core's `periodId` (part 2 of 3, see `CORE`). Tested
 * against the core on thousands of timestamps in `period-id.test.ts`.
 */
export const PERIODS = `
-- Civil date of a day count since 1970-01-01 (proleptic Gregorian, UTC).
local function civil(days)
  local z = days + 719468
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp + 3
  if mp >= 10 then m = mp - 9 end
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = m - 3
  if m <= 2 then mp = m + 9 end
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- The UTC period id of now: 2026-11-21T13 (hour), 2026-11-21 (day), 2026-W47 (ISO week), 2026-11 (month), total.
local function compute_period_id(period, now)
  if period == 'total' then return 'total' end
  local days = floor(now / DAY)
  local y, m, d = civil(days)
  if period == 'month' then return format('%d-%02d', y, m) end
  if period == 'day' then return format('%d-%02d-%02d', y, m, d) end
  if period == 'hour' then
    return format('%d-%02d-%02dT%02d', y, m, d, floor((now - days * DAY) / 3600000))
  end
  if period == 'week' then
    -- ISO 8601: the week with the year's first Thursday is week 1.
    local weekday = (days + 4) % 7
    if weekday == 0 then weekday = 7 end
    local thursday = days + 4 - weekday
    local iso_year = civil(thursday)
    local week = ceil((thursday - days_from_civil(iso_year, 1, 1) + 1) / 7)
    return format('%d-W%02d', iso_year, week)
  end
  error({ err = 'GENOPS_ARGUMENT unknown budget period ' .. show(period) })
end

-- period_id of now: computed once per period and hour (every period starts on a UTC hour), kept
-- across calls (the library's state; a script run starts afresh).
local pid_hour, pid_cache = -1, {}
local function period_id(period, at)
  if period == 'total' then return 'total' end
  local hour = floor(at / 3600000)
  if hour ~= pid_hour then
    pid_hour = hour
    pid_cache = {}
  end
  local pid = pid_cache[period]
  if pid == nil then
    pid = compute_period_id(period, at)
    pid_cache[period] = pid
  end
  return pid
end
`;
