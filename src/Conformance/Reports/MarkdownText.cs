using System.Text;

namespace BindingConformance.Reports;

/// <summary>
/// Text from a run (reasons, binding ids, file names) made safe for a Markdown table cell: raw HTML would be
/// rendered, so <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> become entities; a pipe would end the cell, a newline the row.
/// </summary>
public static class MarkdownText
{
    public static string Escape(string? text)
    {
        if (text is null) return "";
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '|' => "\\|",
                '\r' => "",
                '\n' => " ",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }
}
