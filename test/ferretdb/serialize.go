package main

// FerretDB 1.x runs an update as "query, then write back" without a
// transaction, so two concurrent updates of one document lose one of them
// (20 concurrent $inc end at about 5). MongoDB applies each single-document
// write atomically, and Loa relies on that (compare-and-set claims, counters).
// To test Loa's semantics rather than that race, this relay sits in front of
// FerretDB and lets one command at a time through, from any connection.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessageSize = 48 * 1024 * 1024
)

// message is one wire-protocol message, header included.
type message []byte

func (m message) opCode() int32 { return int32(binary.LittleEndian.Uint32(m[12:16])) }

// moreToCome is true for an OP_MSG that expects no reply (request) or is followed by another (reply).
func (m message) moreToCome() bool {
	return m.opCode() == opMsg && len(m) >= 20 && binary.LittleEndian.Uint32(m[16:20])&flagMoreToCome != 0
}

func readMessage(r io.Reader) (message, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(int32(binary.LittleEndian.Uint32(header[:4])))
	if size < 16 || size > maxMessageSize {
		return nil, fmt.Errorf("bad message length %d", size)
	}
	m := make(message, size)
	copy(m, header[:])
	if _, err := io.ReadFull(r, m[16:]); err != nil {
		return nil, err
	}
	return m, nil
}

// serialRelay accepts clients on ln and relays each to upstream, one command at a time overall.
type serialRelay struct {
	upstream string
	logger   *slog.Logger
	turn     sync.Mutex
}

func (s *serialRelay) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.logger.Error("relay accept failed", "error", err)
			}
			return
		}
		go s.relay(client)
	}
}

func (s *serialRelay) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", s.upstream)
	if err != nil {
		s.logger.Error("relay cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	for {
		request, err := readMessage(client)
		if err != nil {
			return // client went away
		}
		if err = s.exchange(client, server, request); err != nil {
			s.logger.Warn("relay connection ended", "error", err)
			return
		}
	}
}

// exchange forwards one request and its reply (or replies) while holding the turn.
func (s *serialRelay) exchange(client, server net.Conn, request message) error {
	s.turn.Lock()
	defer s.turn.Unlock()

	if _, err := server.Write(request); err != nil {
		return err
	}
	if request.moreToCome() {
		return nil // fire-and-forget write: no reply will come
	}
	for {
		reply, err := readMessage(server)
		if err != nil {
			return err
		}
		if _, err = client.Write(reply); err != nil {
			return err
		}
		if !reply.moreToCome() {
			return nil
		}
	}
}
