-- Neovim headless driver for tests/lsp.rs, run after tests/data/nvim-init.lua (the
-- README's setup) with the file to check already open: wait for shipgate's
-- diagnostics, write them to $SHIPGATE_OUT, quit.
local out = os.getenv("SHIPGATE_OUT")
vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  local code = d.code or lsp.code or "?"
  local first = (d.message:gsub("\n.*", ""))
  table.insert(lines, string.format("%s %d:%d %s", code, d.lnum + 1, d.col + 1, first))
end
table.sort(lines)
vim.fn.writefile(lines, out)
for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd("qa!")
