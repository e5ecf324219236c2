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

    [Fact]
    public void A_device_node_is_refused_and_stays_a_device()
    {
        if (!OperatingSystem.IsLinux()) return;
        var node = Path.Combine(directory, "null");
        Run("mknod", node, "c", "1", "3");

        var write = () => AtomicFile.WriteAllText(node, "x");

        write.Should().Throw<OutputException>().WithMessage($"{node} is a character device, not a regular file; outputs never replace one");
        FileKinds.Of(node).Should().Be(FileKind.CharacterDevice);
        Directory.GetFiles(directory).Should().Equal(node);
    }

    [Fact]
    public void A_fifo_is_refused_without_opening_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fifo = Path.Combine(directory, "fifo");
        Run("mkfifo", fifo);

        var write = () => AtomicFile.WriteAllText(fifo, "x");

        write.Should().Throw<OutputException>().WithMessage($"{fifo} is a FIFO (named pipe), not a regular file; outputs never replace one");
        FileKinds.Of(fifo).Should().Be(FileKind.Fifo);
        FileKinds.WhyNotInputFile(fifo).Should().Be($"{fifo} is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public void A_link_to_a_regular_file_is_followed_and_kept()
    {
        var target = Path.Combine(directory, "target.json");
        File.WriteAllText(target, "old");
        var link = Path.Combine(directory, "link.json");
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteAllText(link, "new");

        FileKinds.Of(link).Should().Be(FileKind.SymbolicLink);
        File.ReadAllText(target).Should().Be("new");
    }

    [Fact]
    public void A_dangling_link_is_refused()
    {
        var link = Path.Combine(directory, "link.json");
        File.CreateSymbolicLink(link, Path.Combine(directory, "missing.json"));

        var write = () => AtomicFile.WriteAllText(link, "new");

        write.Should().Throw<OutputException>().WithMessage("*which does not exist; outputs follow links only to regular files");
        File.Exists(Path.Combine(directory, "missing.json")).Should().BeFalse();
    }

    [Fact]
    public void A_copy_refuses_a_link_inside_the_folder_rather_than_reading_through_it()
    {
        var source = Path.Combine(directory, "model");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "model.json"), "{}");
        File.CreateSymbolicLink(Path.Combine(source, "weights.bin"), "/etc/hostname");

        var copy = () => AtomicFile.Copy(source, Path.Combine(directory, "copy"));

        copy.Should().Throw<IOException>().WithMessage($"{Path.Combine(source, "weights.bin")} is a symbolic link; only regular files are copied");
    }

    [Fact]
    public void File_kinds_are_told_apart_without_following_a_final_link()
    {
        var file = Path.Combine(directory, "file");
        File.WriteAllText(file, "x");
        var link = Path.Combine(directory, "link");
        File.CreateSymbolicLink(link, file);

        FileKinds.Of(file).Should().Be(FileKind.Regular);
        FileKinds.Of(directory).Should().Be(FileKind.Directory);
        FileKinds.Of(link).Should().Be(FileKind.SymbolicLink);
        FileKinds.Of(Path.Combine(directory, "missing")).Should().Be(FileKind.Missing);
        FileKinds.Of(Path.Combine(file, "below-a-file")).Should().Be(FileKind.Missing);
        FileKinds.WhyNotInputFile(link).Should().BeNull("a link to a regular file is read through");
        if (OperatingSystem.IsLinux()) FileKinds.Of("/dev/null").Should().Be(FileKind.CharacterDevice);
    }

    private static void Run(string command, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, args) { UseShellExecute = false })!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{command} needs root for a device node (CI runs as root)");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
