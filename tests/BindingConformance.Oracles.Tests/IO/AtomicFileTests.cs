using BindingConformance.IO;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("atomic-").FullName;

    [Fact]
    public void Replaces_the_content_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(directory, "sub", "a.json");
        AtomicFile.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "new");

        File.ReadAllText(path).Should().Be("new");
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().Equal(path);
    }

    [Fact]
    public void A_writer_that_crashes_midway_leaves_the_old_file_intact()
    {
        var path = Path.Combine(directory, "a.json");
        AtomicFile.WriteAllText(path, "approved content");

        var crash = () => AtomicFile.Write(path, stream =>
        {
            stream.Write("half-writ"u8);
            throw new IOException("disk full");
        });

        crash.Should().Throw<IOException>().WithMessage("disk full");
        File.ReadAllText(path).Should().Be("approved content");
        Directory.GetFiles(directory).Should().Equal(path);
    }

    [Fact]
    public void A_rename_that_fails_leaves_the_target_as_it_was_and_no_temporary_file()
    {
        // A folder in the target's place makes the final rename fail after the temporary file is written.
        var path = Path.Combine(directory, "cell.approved.json");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside"), "kept");

        var write = () => AtomicFile.WriteAllText(path, "new");

        write.Should().Throw<IOException>();
        File.ReadAllText(Path.Combine(path, "inside")).Should().Be("kept");
        Directory.GetFiles(directory).Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
