using System.Text;

namespace BindingConformance.Reports.Html;

/// <summary>
/// A piece of HTML the report may emit as it is. Text from a run (reasons, names, environment values, file names) becomes
/// markup only through <see cref="Text"/>, which escapes it: reports are hostile input, and this type is how the HTML report
/// keeps every such text inert. <see cref="Trusted"/> is for the exporter's own literals and for SVG the plots rendered.
/// </summary>
public readonly record struct Markup
{
    private readonly string? html;

    private Markup(string html) => this.html = html;

    public static Markup Empty => new("");

    public string Html => html ?? "";

    /// <summary><paramref name="text"/>, escaped: <c>&amp; &lt; &gt; " '</c> become entities.</summary>
    public static Markup Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Empty;
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return new Markup(escaped.ToString());
    }

    /// <summary>Markup the exporter wrote itself (a literal, or a plot's SVG); never text read from a report.</summary>
    public static Markup Trusted(string html) => new(html);

    /// <summary><c>&lt;tag attr="value"&gt;content&lt;/tag&gt;</c>; attribute values are escaped, null ones left out.</summary>
    public static Markup Element(string tag, Markup content, params (string Name, string? Value)[] attributes) =>
        new($"<{tag}{Attributes(attributes)}>{content.Html}</{tag}>");

    public static Markup Element(string tag, string? text, params (string Name, string? Value)[] attributes) => Element(tag, Text(text), attributes);

    /// <summary>A link to a file of the run's output folder, <paramref name="relativePath"/> percent-encoded segment by segment.</summary>
    public static Markup Link(string relativePath, Markup content) =>
        Element("a", content, ("href", string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString))));

    public static Markup Join(IEnumerable<Markup> parts, string separator = "") => new(string.Join(separator, parts.Select(p => p.Html)));

    public static Markup operator +(Markup a, Markup b) => new(a.Html + b.Html);

    public override string ToString() => Html;

    private static string Attributes((string Name, string? Value)[] attributes) =>
        string.Concat(attributes.Where(a => a.Value is not null).Select(a => $" {a.Name}=\"{Text(a.Value).Html}\""));
}
