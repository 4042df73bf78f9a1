package main

import "time"

// Req and Resp are the server's envelopes (protocol.md 2.2, 2.3).
type Req struct {
	ReqIdentifier int32
	Token         string
	SendID        string
	OperationID   string
	MsgIncr       string
	Data          []byte
}

type Resp struct {
	ReqIdentifier int32
	MsgIncr       string
	OperationID   string
	ErrCode       int
	ErrMsg        string
	Data          []byte
}

// GeneralWsReq and GeneralWsResp are the Go SDK's envelopes: int codes, its own field order for responses.
type GeneralWsReq struct {
	ReqIdentifier int
	Token         string
	SendID        string
	OperationID   string
	MsgIncr       string
	Data          []byte
}

type GeneralWsResp struct {
	ReqIdentifier int
	ErrCode       int
	ErrMsg        string
	MsgIncr       string
	OperationID   string
	Data          []byte
}

// PeerReq is a request from a peer with another field order and extra fields of every kind gob has except
// interfaces: a receiver matching by name must skip them all.
type PeerReq struct {
	Data          []byte
	Extra         map[string]int
	MsgIncr       string
	Nested        Inner
	ReqIdentifier int64
	Flag          bool
	SendID        string
	List          []Inner
	OperationID   string
	C             complex128
	Arr           [3]uint16
	U             uint
	F             float64
	Stamp         time.Time
	Next          *Node
	Token         string
}

type Inner struct {
	A []string
	B float64
}

type Node struct {
	V    int
	Next *Node
}

// WrongType has a known name with another wire type; NoMatch shares no field with Req.
type WrongType struct {
	ReqIdentifier string
	SendID        string
}

type NoMatch struct {
	Foo int
	Bar string
}

// Env is the JSON form of any envelope in fixtures and on the pipe: ints as strings (int64 does not fit a JS number).
type Env struct {
	ReqIdentifier int64  `json:"reqIdentifier,string"`
	Token         string `json:"token"`
	SendID        string `json:"sendID"`
	OperationID   string `json:"operationID"`
	MsgIncr       string `json:"msgIncr"`
	ErrCode       int64  `json:"errCode,string"`
	ErrMsg        string `json:"errMsg"`
	Data          []byte `json:"data"`
}

func (e Env) value(goType string) interface{} {
	switch goType {
	case "Req":
		return &Req{int32(e.ReqIdentifier), e.Token, e.SendID, e.OperationID, e.MsgIncr, e.Data}
	case "GeneralWsReq":
		return &GeneralWsReq{int(e.ReqIdentifier), e.Token, e.SendID, e.OperationID, e.MsgIncr, e.Data}
	case "Resp":
		return &Resp{int32(e.ReqIdentifier), e.MsgIncr, e.OperationID, int(e.ErrCode), e.ErrMsg, e.Data}
	case "GeneralWsResp":
		return &GeneralWsResp{int(e.ReqIdentifier), int(e.ErrCode), e.ErrMsg, e.MsgIncr, e.OperationID, e.Data}
	case "PeerReq":
		node := &Node{V: 1, Next: &Node{V: -2}}
		return &PeerReq{Data: e.Data, Extra: map[string]int{"k": 7}, MsgIncr: e.MsgIncr,
			Nested: Inner{A: []string{"x", ""}, B: 1.5}, ReqIdentifier: e.ReqIdentifier, Flag: true, SendID: e.SendID,
			List: []Inner{{A: []string{"y"}}, {B: -3}}, OperationID: e.OperationID, C: complex(1, -1),
			Arr: [3]uint16{1, 0, 65535}, U: 300, F: -0.25, Stamp: time.Unix(1716900000, 5).UTC(), Next: node,
			Token: e.Token}
	case "WrongType":
		return &WrongType{ReqIdentifier: "1003", SendID: e.SendID}
	case "NoMatch":
		return &NoMatch{Foo: 1, Bar: "x"}
	}
	panic("unknown type " + goType)
}

func envOf(v interface{}) Env {
	switch x := v.(type) {
	case *Req:
		return Env{ReqIdentifier: int64(x.ReqIdentifier), Token: x.Token, SendID: x.SendID,
			OperationID: x.OperationID, MsgIncr: x.MsgIncr, Data: x.Data}
	case *GeneralWsReq:
		return Env{ReqIdentifier: int64(x.ReqIdentifier), Token: x.Token, SendID: x.SendID,
			OperationID: x.OperationID, MsgIncr: x.MsgIncr, Data: x.Data}
	case *Resp:
		return Env{ReqIdentifier: int64(x.ReqIdentifier), MsgIncr: x.MsgIncr, OperationID: x.OperationID,
			ErrCode: int64(x.ErrCode), ErrMsg: x.ErrMsg, Data: x.Data}
	case *GeneralWsResp:
		return Env{ReqIdentifier: int64(x.ReqIdentifier), MsgIncr: x.MsgIncr, OperationID: x.OperationID,
			ErrCode: int64(x.ErrCode), ErrMsg: x.ErrMsg, Data: x.Data}
	}
	panic("no envelope")
}

func zeroOf(goType string) interface{} {
	switch goType {
	case "Req":
		return &Req{}
	case "GeneralWsReq":
		return &GeneralWsReq{}
	case "Resp":
		return &Resp{}
	case "GeneralWsResp":
		return &GeneralWsResp{}
	}
	panic("cannot decode into " + goType)
}
