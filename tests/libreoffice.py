"""LibreOffice headless, for checking Word documents the way a reviewer's
word processor reads them.

`soffice --convert-to txt` alone exports a document with tracked changes as
it shows them, deleted and inserted text side by side (LibreOffice 7.4), so
it cannot tell what accepting or rejecting gives. A Basic macro does that
inside LibreOffice: it opens each document, runs LibreOffice's own Accept
All or Reject All (`.uno:AcceptAllTrackedChanges`,
`.uno:RejectAllTrackedChanges`), and exports the text; or lists the
revisions with the author and date LibreOffice read. One LibreOffice start
does every job of a batch (each start costs seconds), in a profile made
fresh for the test run.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

MACRO = r'''
Sub Jobs(listing As String)
  Dim listFile As Integer, logFile As Integer, entry As String
  logFile = FreeFile
  Open listing & ".log" For Output As #logFile
  On Error Goto Failed
  listFile = FreeFile
  Open listing For Input As #listFile
  Do While Not EOF(listFile)
    Line Input #listFile, entry
    If entry <> "" Then
      parts = Split(entry, Chr(9))
      RunJob(parts(0), parts(1), parts(2))
      Print #logFile, "done " & parts(0) & " " & parts(2)
    End If
  Loop
  Close #listFile
  Close #logFile
  StarDesktop.terminate()
  Exit Sub
Failed:
  Print #logFile, "error " & Err & " at line " & Erl & ": " & Error$
  Close #logFile
  StarDesktop.terminate()
End Sub

Sub RunJob(mode As String, source As String, target As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  If mode = "revisions" Then
    outFile = FreeFile
    Open target For Output As #outFile
    items = doc.Redlines.createEnumeration()
    Do While items.hasMoreElements()
      r = items.nextElement()
      d = r.RedlineDateTime
      Print #outFile, r.RedlineType & Chr(9) & r.RedlineAuthor & Chr(9) & Format(d.Year, "0000") & "-" & _
        Format(d.Month, "00") & "-" & Format(d.Day, "00") & "T" & Format(d.Hours, "00") & ":" & _
        Format(d.Minutes, "00") & ":" & Format(d.Seconds, "00")
    Loop
    Close #outFile
  Else
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    If mode = "accept" Then helper.executeDispatch(doc.CurrentController.Frame, ".uno:AcceptAllTrackedChanges", "", 0, Array())
    If mode = "reject" Then helper.executeDispatch(doc.CurrentController.Frame, ".uno:RejectAllTrackedChanges", "", 0, Array())
    Dim store(1) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName"
    store(0).Value = "Text (encoded)"
    store(1).Name = "FilterOptions"
    store(1).Value = "UTF8,LF"
    doc.storeToURL(ConvertToURL(target), store())
  End If
  doc.close(True)
End Sub
'''

MODULE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
          '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
          f'script:language="StarBasic">{escape(MACRO, {chr(34): "&quot;"})}</script:module>\n')

MODES = ("accept", "reject", "asis", "revisions")  # asis: the text as LibreOffice shows it, changes unresolved
TIMEOUT = 180


class LibreOffice:
    def __init__(self, program: str, folder: Path):
        self.program, self.folder = program, folder
        self.profile = folder / "profile"
        # The first start lays out the profile (and would overwrite a macro
        # written before it); then the macro goes into its Standard library.
        self._soffice("--terminate_after_init")
        module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.is_file():
            pytest.fail(f"LibreOffice did not create its profile in {self.profile}")
        module.write_text(MODULE, encoding="utf-8")
        self.batches = 0

    def run(self, jobs: list[tuple[str, Path, Path]]) -> None:
        """Each (mode, document, output) in one LibreOffice start."""
        assert all(mode in MODES for mode, _, _ in jobs)
        self.batches += 1
        listing = self.folder / f"jobs-{self.batches}.txt"
        listing.write_text("".join(f"{mode}\t{source}\t{target}\n" for mode, source, target in jobs),
                           encoding="utf-8")
        self._soffice("--invisible", f'macro:///Standard.Module1.Jobs("{listing}")')
        log = Path(f"{listing}.log")
        written = log.read_text(encoding="utf-8") if log.exists() else "(no log: the macro did not run)"
        missing = [str(target) for _, _, target in jobs if not Path(target).exists()]
        if "error" in written or missing:
            pytest.fail(f"LibreOffice macro failed: {written.strip()}; missing {missing}")

    def _soffice(self, *args: str) -> None:
        command = [self.program, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                   "--norestore", "--nologo", *args]
        # TZ=UTC: LibreOffice shows revision dates in local time.
        env = {**os.environ, "TZ": "UTC", "HOME": str(self.folder)}
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice's own children too
            process.communicate()
            pytest.fail(f"LibreOffice did not finish within {TIMEOUT} s: {' '.join(command)}")
        if process.returncode != 0:
            pytest.fail(f"LibreOffice exited {process.returncode}: {err.decode(errors='replace').strip()}")


def exported_text(path: Path) -> str:
    """An exported text, whitespace-normalised: without the byte-order mark
    and the bullets LibreOffice writes for list paragraphs."""
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
    # A list paragraph is exported indented, its bullet and a space first ("    • Item").
    return " ".join(" ".join(re.sub(r"^[ \t]+\S[ \t]", "", line) for line in lines).split())
