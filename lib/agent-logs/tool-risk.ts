import type { RiskClass } from "@/lib/model/risk";

/** Tools that run a shell command line (their `command` is parsed instead of classifying the tool). */
export const SHELL_TOOLS =
  /^(bash|shell|sh|zsh|exec|exec_command|local_shell|local_shell_call|container\.exec|run_shell_command|run_terminal_cmd|run_command|execute_bash|execute_cmd|execute_command|terminal|cmd|run|cmdrun|command|powershell|execute|bashtool|shell_command)$/i;

const READ_TOOLS = new Set([
  "read",
  "glob",
  "grep",
  "ls",
  "list",
  "search",
  "webfetch",
  "web_fetch",
  "websearch",
  "web_search",
  "todowrite",
  "todoread",
  "todo_write",
  "notebookread",
  "bashoutput",
  "fs_read",
  "read_file",
  "view",
  "find",
  "think",
  "task",
  "agent",
  "exitplanmode",
  "exit_plan_mode",
  "enterplanmode",
  "listmcpresourcestool",
  "readmcpresourcetool",
  "tool_search",
  "tool_search_call",
  "web_search_call",
  "browse",
  "browser",
  "read_many_files",
  "list_directory",
  "glob_tool",
  "search_file_content",
  "codebase_search",
  "file_search",
  "list_dir",
  "fs_ls",
  "report_issue",
  "introspect",
  "knowledge",
  "skill",
  "askuserquestion",
  "sleep",
  "view_image",
  "update_plan",
  "plan",
  "finish",
  "message",
  "taskoutput",
  "monitor",
]);

const WRITE_TOOLS = new Set([
  "edit",
  "write",
  "multiedit",
  "notebookedit",
  "apply_patch",
  "str_replace_editor",
  "str_replace_based_edit_tool",
  "fs_write",
  "create_file",
  "write_file",
  "replace",
  "edit_file",
  "delete_file",
  "killbash",
  "killshell",
  "ipython",
  "run_ipython",
  "patch",
  "file_edit",
]);

/** Risk of a tool call that runs no shell command, from its name (MCP tools `mcp__server__tool` by their verb). */
export function toolRisk(tool: string | null): { risk: RiskClass; reason: string } {
  if (!tool) return { risk: "write", reason: "unknown tool" };
  const t = tool.toLowerCase();
  if (t === "delete_file") return { risk: "destructive", reason: "delete_file" };
  if (READ_TOOLS.has(t)) return { risk: "read", reason: `${tool} (read-only tool)` };
  if (WRITE_TOOLS.has(t)) return { risk: "write", reason: `${tool} (edits files)` };
  const verb = t.startsWith("mcp__") || t.includes("/") || t.includes(".") ? (t.split(/__|\/|\./).pop() ?? t) : t;
  if (/(^|[_-])(delete|drop|destroy|terminate|remove|purge|truncate|wipe|deregister|revoke)([_-]|$)/.test(verb))
    return { risk: "destructive", reason: `${tool} (deletes)` };
  if (/(^|[_-])(get|list|describe|read|search|query|fetch|find|show|view|lookup|count|check|status|inspect|explain)([_-]|$)/.test(verb))
    return { risk: "read", reason: `${tool} (reads)` };
  return { risk: "write", reason: `${tool} (not known to be read-only)` };
}
