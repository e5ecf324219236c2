using System.Text;

namespace BindingConformance.Reports;

/// <summary>
/// Text from a run or a file (reasons, binding ids, cell and tensor names) made safe for Markdown: it is data, so it must
/// never become HTML, a link, a heading or the end of a code block. <see cref="Escape"/> is for table cells and prose;
/// <see cref="Code"/> and <see cref="Block"/> show text literally.
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Raw HTML would be rendered, so <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> become entities; a pipe would end a table
    /// cell, a newline the row.
    /// </summary>
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

    /// <summary>
    /// <paramref name="text"/> as an inline code span, on one line: rendered literally (no HTML, link or emphasis), its
    /// fence longer than any run of backticks inside it, so the text cannot close it.
    /// </summary>
    public static string Code(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ");
        var fence = new string('`', LongestRun(line, '`') + 1);
        // CommonMark strips one space from each side of a span's content; a backtick at either end needs the space.
        var pad = line.StartsWith('`') || line.EndsWith('`') || (line.StartsWith(' ') && line.EndsWith(' ')) ? " " : "";
        return $"{fence}{pad}{line}{pad}{fence}";
    }

    /// <summary>
    /// <paramref name="text"/> as a fenced code block (with its closing line break): every line rendered literally, the
    /// fence longer than any run of backticks inside, so no line of the text can close it.
    /// </summary>
    public static string Block(string? text, string language = "")
    {
        var body = (text ?? "").ReplaceLineEndings("\n").TrimEnd('\n');
        var fence = new string('`', Math.Max(3, LongestRun(body, '`') + 1));
        return $"{fence}{language}\n{body}\n{fence}\n";
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
