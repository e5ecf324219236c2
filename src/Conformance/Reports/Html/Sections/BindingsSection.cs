using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>The bindings the run probed, each with its conformance badge, and the machine it ran on.</summary>
public sealed class BindingsSection : IHtmlSection
{
    public string Id => "bindings";

    public string Title => "Bindings and environment";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        var bindings = HtmlTable.Of(["binding", "badge", "framework", "language", "available", "version", "engine", "devices", "why not"], report.Bindings.Select(b =>
        {
            var id = b["id"]?.ToString() ?? "";
            return (IReadOnlyList<Markup>)
            [
                Markup.Text(id),
                // The badge's own SVG escapes its text (ConformanceBadge.ToSvg); a binding entry without an id has none.
                id.Length == 0 ? Markup.Empty : Markup.Trusted(ConformanceBadge.For(report, id).ToSvg()),
                Markup.Text(b["framework"]?.ToString()),
                Markup.Text(b["language"]?.ToString()),
                Markup.Text((bool?)(b["available"] as JsonValue) == true ? "yes" : "no"),
                Markup.Text(b["version"]?.ToString()),
                Markup.Text(string.Join(" ", new[] { b["engine"], b["engine_version"] }.OfType<JsonNode>())),
                Markup.Text(b["devices"] is JsonArray devices ? string.Join(", ", devices.Select(d => d?.ToString())) : ""),
                Markup.Text(b["reason"]?.ToString() ?? (b["absent_devices"] is JsonObject absent ? string.Join("; ", absent.Select(d => $"{d.Key}: {d.Value}")) : null)),
            ];
        }));
        var environment = HtmlTable.Of(["", ""], report.Environment.Select(p => (IReadOnlyList<Markup>)
            [Markup.Text(p.Key), Markup.Text(p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString())]), "environment");
        return bindings + Markup.Element("h3", "Environment") + environment;
    }
}
