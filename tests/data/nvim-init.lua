-- shipgate in Neovim 0.7+: one `shipgate lsp` for the session, attached to every
-- Dockerfile, YAML and Markdown buffer. (tests/lsp.rs runs exactly this file.)
local shipgate
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "dockerfile", "yaml", "markdown" },
  callback = function(args)
    shipgate = shipgate or vim.lsp.start_client({
      name = "shipgate",
      cmd = { "shipgate", "lsp" },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, shipgate)
  end,
})
