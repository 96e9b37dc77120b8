// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

// Hyperlane's own contracts that `npm start` and the tests deploy on local chains (built from @hyperlane-xyz/core,
// unchanged): the Mailbox, the Merkle tree hook (the Mailbox's required hook in production deployments), the
// protocol-fee hook as the default hook (fee 0 on local chains; production adds the interchain gas paymaster) and the
// trusted-relayer ISM (local chains: messages are verified as processed by the platform's relayer; production uses a
// validators' multisig ISM instead, see ARCHITECTURE.md "Cross-chain").
import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {MerkleTreeHook} from "@hyperlane-xyz/core/contracts/hooks/MerkleTreeHook.sol";
import {ProtocolFee} from "@hyperlane-xyz/core/contracts/hooks/ProtocolFee.sol";
import {TrustedRelayerIsm} from "@hyperlane-xyz/core/contracts/isms/TrustedRelayerIsm.sol";
