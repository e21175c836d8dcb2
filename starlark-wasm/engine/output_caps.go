package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Defaults of the output caps when a request leaves them at 0. What a script
// prints and the message of its failure travel to the host and from there to
// a check run and a workflow history, so both are bounded however much the
// script produces.
const (
	defaultMaxPrintBytes = 64 << 10
	defaultMaxPrintLines = 1000
	defaultMaxErrorBytes = 4 << 10
	// maxStackFrames bounds the call stack of an error: the outermost and
	// innermost halves are kept, which is where the script and the failure are.
	maxStackFrames = 100
	// cutMark ends a print() line that was cut to fit.
	cutMark = "…"
)

// printLog keeps print() output within a line and byte budget (a newline
// between prints counts as a byte) and counts the lines it had to drop.
type printLog struct {
	lines              []string
	bytes, count       int
	maxBytes, maxLines int
	dropped            int
}

func newPrintLog(maxBytes, maxLines int) *printLog {
	if maxBytes <= 0 {
		maxBytes = defaultMaxPrintBytes
	}
	if maxLines <= 0 {
		maxLines = defaultMaxPrintLines
	}
	return &printLog{lines: []string{}, maxBytes: maxBytes, maxLines: maxLines}
}

// add records one print() call. Its lines are kept while they fit; the first
// line that does not fit is kept cut to the bytes left (and counts as dropped),
// every line after it is dropped.
func (p *printLog) add(msg string) {
	lines := strings.Split(msg, "\n")
	if p.dropped > 0 {
		p.dropped += len(lines)
		return
	}
	kept := 0
	for kept < len(lines) && p.count+kept < p.maxLines && p.bytes+len(lines[kept])+1 <= p.maxBytes {
		p.bytes += len(lines[kept]) + 1
		kept++
	}
	p.count += kept
	if kept == len(lines) {
		p.lines = append(p.lines, msg)
		return
	}
	part := strings.Join(lines[:kept], "\n")
	if p.count < p.maxLines && p.bytes < p.maxBytes {
		// Room for the cut mark and the line's newline, so the kept output stays within maxBytes.
		if cut := truncateUTF8(lines[kept], p.maxBytes-p.bytes-len(cutMark)-1); cut != "" {
			if kept > 0 {
				part += "\n"
			}
			part += cut + cutMark
		}
	}
	if part != "" {
		p.lines = append(p.lines, part)
	}
	p.dropped = len(lines) - kept
}

// output is the kept prints, followed by a note when lines were dropped.
func (p *printLog) output() []string {
	if p.dropped == 0 {
		return p.lines
	}
	noun, verb := "lines", "were"
	if p.dropped == 1 {
		noun, verb = "line", "was"
	}
	note := fmt.Sprintf("… %d more %s of print() output %s dropped (at most %d lines and %d bytes are kept)",
		p.dropped, noun, verb, p.maxLines, p.maxBytes)
	return append(append([]string{}, p.lines...), note)
}

// capError bounds what an error carries: its message (in the backtrace too,
// where it is repeated) and its call stack.
func capError(info *ErrorInfo, maxBytes int) {
	if maxBytes <= 0 {
		maxBytes = defaultMaxErrorBytes
	}
	if capped := capText(info.Message, maxBytes); capped != info.Message {
		info.Backtrace = strings.Replace(info.Backtrace, info.Message, capped, 1)
		info.Message = capped
	}
	info.Backtrace = capText(info.Backtrace, 4*maxBytes)
	if len(info.Stack) > maxStackFrames {
		half := maxStackFrames / 2
		info.Stack = append(info.Stack[:half:half], info.Stack[len(info.Stack)-half:]...)
	}
}

// capText cuts text to at most maxBytes (at a UTF-8 boundary) and says how much was dropped.
func capText(text string, maxBytes int) string {
	if len(text) <= maxBytes {
		return text
	}
	kept := truncateUTF8(text, maxBytes)
	return fmt.Sprintf("%s… (%d more bytes were dropped)", kept, len(text)-len(kept))
}

func truncateUTF8(text string, maxBytes int) string {
	if maxBytes <= 0 {
		return ""
	}
	if len(text) <= maxBytes {
		return text
	}
	cut := maxBytes
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}
