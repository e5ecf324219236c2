using BindingConformance.Replication;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Replication;

public sealed class ReplicationMarkdownExporterTests
{
    [Fact]
    public void Folder_names_from_the_results_are_escaped_not_rendered_as_html()
    {
        var row = new ReplicationRow("pytorch", "lenet1", "<script>alert(1)</script>|x",
            null, null, null, null, null, null, null, null, null, null, null, null);
        var markdown = new StringWriter { NewLine = "\n" };

        ReplicationMarkdownExporter.Export([row], markdown);

        markdown.ToString().Split('\n')[2].Should().StartWith("| pytorch | lenet1 | &lt;script&gt;alert(1)&lt;/script&gt;\\|x | — |");
    }
}
